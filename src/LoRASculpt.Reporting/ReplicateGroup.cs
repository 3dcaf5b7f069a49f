using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Reporting;

/// <summary>
/// One grid point of a sweep with its seeds: the method and swept values other than the seed, the rows of its seeds
/// in plan order, and its scores over the completed seeds (null while none has completed).
/// </summary>
public sealed record ReplicateGroup(
    string Method,
    ImmutableSortedDictionary<string, string> Values,
    ImmutableArray<SweepResultRow> Rows,
    ReplicateStatistics? Source,
    ReplicateStatistics? Target,
    ReplicateStatistics? Avg,
    ImmutableSortedDictionary<string, ReplicateStatistics> Tasks)
{
    /// <summary>The group's statistics for <paramref name="metric"/>, or null while no seed has completed.</summary>
    public ReplicateStatistics? Score(ResultMetric metric) => metric switch
    {
        ResultMetric.Avg => Avg,
        ResultMetric.Source => Source,
        ResultMetric.Target => Target,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>The group's identity, as rows and files name it: method and values, e.g. "lorasculpt alpha=0.001".</summary>
    public string Key => Values.Count == 0 ? Method : $"{Method} {string.Join(" ", Values.Select(v => $"{v.Key}={v.Value}"))}";
}
