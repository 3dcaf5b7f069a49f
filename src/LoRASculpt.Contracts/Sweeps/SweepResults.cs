using System.Collections.Immutable;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Contracts.Sweeps;

[GenerateSerializer]
public enum ResultMetric
{
    Avg = 0,
    Source = 1,
    Target = 2,
}

/// <summary>One row of the paper-style table: a planned grid point and what became of it.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepResultRow(
    [property: Id(0)] string TrialId,
    [property: Id(1)] string Method,
    [property: Id(2)] ImmutableSortedDictionary<string, string> SweptValues,
    [property: Id(3)] TrialStatus Status,
    [property: Id(4)] int Attempts,
    [property: Id(5)] TrialResult? Result,
    [property: Id(6)] string? FailureReason)
{
    /// <summary>The trial's forgetting curve (step, Source, Target), in step order; empty when it measured none.</summary>
    [Id(7)] public ImmutableArray<CurvePoint> Curve { get; init; } = [];

    /// <summary>
    /// For <see cref="TrialStatus.StoppedEarly"/>: where and why it was stopped. Its <see cref="Result"/> is then its last
    /// curve point's Source, Target and Avg (no per-task scores, no adapter), not a full evaluation.
    /// </summary>
    [Id(8)] public string? StopReason { get; init; }
}

/// <summary>A sweep's results table, in plan order, and its best trials by each summary metric.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepResults(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string Name,
    [property: Id(2)] SweepState State,
    /// <summary>Names of the axes with more than one value (the table's leading columns).</summary>
    [property: Id(3)] ImmutableArray<string> SweptAxes,
    [property: Id(4)] ImmutableArray<SweepResultRow> Rows,
    [property: Id(5)] string? BestByAvg,
    [property: Id(6)] string? BestBySource,
    [property: Id(7)] string? BestByTarget)
{
    /// <summary>Trial id of the best completed trial by <paramref name="metric"/> (ties: first in plan order), or null. Stopped-early trials never count.</summary>
    public string? BestBy(ResultMetric metric) => metric switch
    {
        ResultMetric.Avg => BestByAvg,
        ResultMetric.Source => BestBySource,
        ResultMetric.Target => BestByTarget,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };
}
