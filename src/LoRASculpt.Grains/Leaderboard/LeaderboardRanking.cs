using System.Collections.Immutable;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Grains.Leaderboard;

/// <summary>The ranking order (score descending, entry id ascending) and the helpers partitions and index share.</summary>
public static class LeaderboardRanking
{
    /// <summary>The best <paramref name="count"/> matching entries after <paramref name="after"/>, in ranking order.</summary>
    public static ImmutableArray<LeaderboardEntry> Top(
        IEnumerable<LeaderboardEntry> entries, ResultMetric metric, LeaderboardFilter filter, int count, LeaderboardCursor? after)
    {
        var suite = filter.SuiteVersion;
        var ranked = new List<(double Score, LeaderboardEntry Entry)>();
        foreach (var entry in entries)
        {
            if (!filter.Matches(entry))
                continue;
            var score = entry.RankValue(metric, suite);
            if (double.IsNaN(score) || (after is not null && !after.Precedes(score, entry.EntryId)))
                continue;
            ranked.Add((score, entry));
        }
        ranked.Sort(Compare);
        return [.. ranked.Take(count).Select(r => r.Entry)];
    }

    public static int Compare((double Score, LeaderboardEntry Entry) a, (double Score, LeaderboardEntry Entry) b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(a.Entry.EntryId, b.Entry.EntryId);
    }

    /// <summary>The Pareto front of Source (x) against Target (y), both maximised, Source ascending; on the filter's suite version when set.</summary>
    public static ImmutableArray<LeaderboardEntry> Pareto(IEnumerable<LeaderboardEntry> entries, LeaderboardFilter filter)
    {
        var candidates = new List<LeaderboardEntry>();
        var points = new List<(double X, double Y)>();
        foreach (var entry in entries)
        {
            if (!filter.Matches(entry))
                continue;
            var score = filter.SuiteVersion is null ? entry.Current : entry.ScoreOn(filter.SuiteVersion)!;
            if (double.IsNaN(score.Source) || double.IsNaN(score.Target))
                continue;
            candidates.Add(entry);
            points.Add((score.Source, score.Target));
        }
        // Ties in Source keep a stable order by entry id, so the output does not depend on partition read order.
        var order = Enumerable.Range(0, candidates.Count).OrderBy(i => candidates[i].EntryId, StringComparer.Ordinal).ToArray();
        var sortedPoints = order.Select(i => points[i]).ToArray();
        return [.. ParetoFront.Compute(sortedPoints).Select(i => candidates[order[i]])];
    }

    public static PartitionSummary Summarise(string partitionKey, IReadOnlyCollection<LeaderboardEntry> entries)
    {
        double avg = double.NegativeInfinity, source = double.NegativeInfinity, target = double.NegativeInfinity;
        foreach (var entry in entries)
        {
            foreach (var score in entry.History)
            {
                avg = Max(avg, score.Avg);
                source = Max(source, score.Source);
                target = Max(target, score.Target);
            }
        }
        return new PartitionSummary(partitionKey, entries.Count, avg, source, target);
    }

    private static double Max(double a, double b) => double.IsNaN(b) ? a : Math.Max(a, b);
}
