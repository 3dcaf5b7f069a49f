using System.Collections.Immutable;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Contracts.Leaderboard;

/// <summary>One scoring of an entry's adapter on one evaluation-suite version (the first one, or a re-evaluation).</summary>
[GenerateSerializer, Immutable]
public sealed record LeaderboardScore(
    [property: Id(0)] string SuiteVersion,
    [property: Id(1)] ImmutableArray<TaskScore> Tasks,
    [property: Id(2)] double Source,
    [property: Id(3)] double Target,
    [property: Id(4)] double Avg,
    [property: Id(5)] DateTime ScoredUtc,
    /// <summary>"trial" for the score the trial itself measured, else the re-evaluation run id.</summary>
    [property: Id(6)] string Origin)
{
    public double Of(Sweeps.ResultMetric metric) => metric switch
    {
        Sweeps.ResultMetric.Avg => Avg,
        Sweeps.ResultMetric.Source => Source,
        Sweeps.ResultMetric.Target => Target,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };
}
