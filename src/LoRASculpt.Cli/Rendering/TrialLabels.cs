using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Cli.Rendering;

/// <summary>What progress lines show about a trial besides its live snapshot: its method and swept values.</summary>
public sealed class TrialLabels
{
    private readonly Dictionary<string, (string Method, string Values)> _trials = new(StringComparer.Ordinal);

    public TrialLabels(SweepResults plan)
    {
        foreach (var row in plan.Rows)
        {
            var values = string.Join(" ", plan.SweptAxes
                .Where(row.SweptValues.ContainsKey)
                .Select(axis => $"{axis}={Display(row.SweptValues[axis])}"));
            _trials[row.TrialId] = (row.Method, values);
        }
    }

    public string MethodOf(string trialId) => _trials.TryGetValue(trialId, out var t) ? t.Method : "?";

    /// <summary>"alpha=1e-3 seed=0": the swept axes that apply to this trial.</summary>
    public string SweptValuesOf(string trialId) => _trials.TryGetValue(trialId, out var t) ? t.Values : "";

    private static string Display(string canonical) =>
        canonical.Contains('E') && double.TryParse(canonical, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? canonical.Replace('E', 'e')
            : canonical;
}
