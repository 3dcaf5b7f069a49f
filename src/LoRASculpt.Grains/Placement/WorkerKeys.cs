using Orleans.Runtime;

namespace LoRASculpt.Grains.Placement;

/// <summary>
/// Worker grain keys encode the silo they belong to: <c>{siloAddress}/{slot}</c>. The silo address includes
/// its generation, so a restarted silo gets new workers and the old ones can never re-activate.
/// </summary>
public static class WorkerKeys
{
    public static string For(SiloAddress silo, int slot) => $"{silo.ToParsableString()}/{slot}";

    public static SiloAddress SiloOf(string workerKey)
    {
        var separator = workerKey.LastIndexOf('/');
        if (separator <= 0)
            throw new ArgumentException($"Worker key '{workerKey}' is not of the form '{{silo}}/{{slot}}'.", nameof(workerKey));
        return SiloAddress.FromParsableString(workerKey[..separator]);
    }

    public static int SlotOf(string workerKey) =>
        int.Parse(workerKey[(workerKey.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
