using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace LoRASculpt.Grains.Placement;

/// <summary>Places a grain on the silo named in its key (see <see cref="WorkerKeys"/>), and nowhere else.</summary>
[GenerateSerializer]
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    internal static readonly SiloPinnedPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(SiloPinnedPlacement.Instance);

/// <summary>
/// A worker owns a GPU (or CPU slot) of one machine: activating it anywhere else would run jobs on the
/// wrong hardware, so placement on any other silo is refused. When its silo is gone the call fails,
/// which is how callers learn the worker is lost (its leased jobs are then retried elsewhere).
/// </summary>
internal sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = WorkerKeys.SiloOf(key);
        if (!context.GetCompatibleSilos(target).Contains(silo))
            throw new SiloUnavailableException($"Worker '{key}' is pinned to silo {silo}, which is not an active member of the cluster.");
        return Task.FromResult(silo);
    }
}
