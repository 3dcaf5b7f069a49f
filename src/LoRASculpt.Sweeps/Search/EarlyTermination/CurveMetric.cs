using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Sweeps.Search.EarlyTermination;

/// <summary>
/// The sweep's <c>metric</c> on a forgetting-curve point, signed so that higher is better: avg is (Source + Target) / 2,
/// as for final scores; minimised metrics are negated. Curve points carry only Source and Target, so early termination
/// takes one of avg, source and target (the parser refuses anything else).
/// </summary>
public static class CurveMetric
{
    public static readonly IReadOnlyList<string> Names = ["avg", "source", "target"];

    public static double Value(SweepMetric metric, CurvePoint point)
    {
        var value = metric.Names.Single() switch
        {
            "avg" => (point.Source + point.Target) / 2,
            "source" => point.Source,
            "target" => point.Target,
            var other => throw new ArgumentException($"early termination cannot rank curve points by '{other}'; use avg, source or target", nameof(metric)),
        };
        return metric.Minimize ? -value : value;
    }
}
