using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Reporting;

/// <summary>
/// Leaderboard entries folded over their seeds: entries whose configs differ only in <c>seed</c> are one point,
/// ranked by the mean of their current scores (each on its own current suite version; a point mixes versions only
/// if its entries were last scored on different ones, and then it is named by all of them).
/// </summary>
public static class LeaderboardPoints
{
    public sealed record Point(string Method, string Settings, IReadOnlyList<LeaderboardEntry> Entries, ReplicateStatistics Score, string SuiteVersions);

    /// <summary>Points ranked by their mean <paramref name="metric"/>, highest first (ties: the point seen first).</summary>
    public static IReadOnlyList<Point> Rank(IEnumerable<LeaderboardEntry> entries, ResultMetric metric) =>
    [
        .. entries
            .GroupBy(e => Key(e), StringComparer.Ordinal)
            .Select(g => new Point(
                g.First().Method,
                Settings(g.First()),
                [.. g],
                ReplicateStatistics.Of(g.Select(e => e.Current.Of(metric))),
                string.Join(",", g.Select(e => e.SuiteVersion).Distinct().Order(StringComparer.Ordinal))))
            .OrderByDescending(p => p.Score.Mean),
    ];

    private static string Key(LeaderboardEntry e) =>
        $"{e.Config.ExecutorKind}\n{e.Config.BaseModel}\n{e.Config.Suite}\n{string.Join(",", e.Config.SourceTasks)}\n{e.Method}\n{Settings(e)}";

    /// <summary>The hyperparameters other than the seed, as "name=value" pairs.</summary>
    private static string Settings(LeaderboardEntry e) =>
        string.Join(" ", e.Config.Hyperparameters.Where(p => p.Key != ReplicateGroups.SeedAxis).Select(p => $"{p.Key}={p.Value}"));
}
