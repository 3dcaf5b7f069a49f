using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.TestSupport.Leaderboard;

/// <summary>The reference the grains are checked against: every entry, filtered and sorted in one place, O(n^2) Pareto.</summary>
public static class BruteForce
{
    public static bool Matches(LeaderboardEntry e, string? method, string? sweep, string? alpha, string? suite) =>
        (method is null || e.Config.Method == method)
        && (sweep is null || e.SweepIds.Contains(sweep))
        && (alpha is null || e.Config.Hyperparameters["alpha"] == alpha)
        && (suite is null || e.History.Any(h => h.SuiteVersion == suite));

    public static double Value(LeaderboardEntry e, ResultMetric metric, string? suite)
    {
        var score = suite is null ? e.History[^1] : e.History.First(h => h.SuiteVersion == suite);
        return metric switch { ResultMetric.Avg => score.Avg, ResultMetric.Source => score.Source, _ => score.Target };
    }

    public static List<string> Ranking(IEnumerable<LeaderboardEntry> entries, ResultMetric metric, string? suite) =>
        entries.OrderByDescending(e => Value(e, metric, suite)).ThenBy(e => e.EntryId, StringComparer.Ordinal).Select(e => e.EntryId).ToList();

    public static List<string> Pareto(IReadOnlyList<LeaderboardEntry> entries, string? suite)
    {
        var points = entries.Select(e => (e.EntryId, S: Value(e, ResultMetric.Source, suite), T: Value(e, ResultMetric.Target, suite))).ToList();
        return points
            .Where(p => !points.Any(q => q.S >= p.S && q.T >= p.T && (q.S > p.S || q.T > p.T)))
            .Select(p => p.EntryId).Order(StringComparer.Ordinal).ToList();
    }
}
