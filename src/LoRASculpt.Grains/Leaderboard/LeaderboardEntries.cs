using System.Collections.Immutable;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Leaderboard;

/// <summary>Builds entries from completed trials and merges a re-recorded entry into the stored one.</summary>
public static class LeaderboardEntries
{
    public const string TrialOrigin = "trial";

    public static LeaderboardEntry FromTrial(string trialId, TrialConfig config, TrialResult result, IEnumerable<string> sweepIds, DateTime completedUtc)
    {
        var score = new LeaderboardScore(result.SuiteVersion, result.Tasks, result.Source, result.Target, result.Avg, completedUtc, TrialOrigin);
        return new LeaderboardEntry(trialId, config, [.. sweepIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            result.AdapterKey, completedUtc, completedUtc, [score]);
    }

    /// <summary>
    /// <paramref name="stored"/> with what <paramref name="incoming"/> adds: new sweep ids and scorings on suite versions it
    /// lacks. Null when nothing changes (recording is idempotent). The first scoring per suite version wins.
    /// </summary>
    public static LeaderboardEntry? Merge(LeaderboardEntry stored, LeaderboardEntry incoming, int historyLimit)
    {
        var sweeps = stored.SweepIds.Union(incoming.SweepIds, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var newScores = incoming.History.Where(s => stored.ScoreOn(s.SuiteVersion) is null).ToArray();
        if (sweeps.Length == stored.SweepIds.Length && newScores.Length == 0)
            return null;
        var history = stored.History;
        foreach (var score in newScores)
            history = AppendScore(history, score, historyLimit);
        var updated = incoming.UpdatedUtc > stored.UpdatedUtc ? incoming.UpdatedUtc : stored.UpdatedUtc;
        return stored with { SweepIds = sweeps, History = history, UpdatedUtc = updated };
    }

    /// <summary>Adds a scoring (null when the suite version is already scored): appended (recording order), oldest dropped beyond the limit.</summary>
    public static LeaderboardEntry? AddScore(LeaderboardEntry stored, LeaderboardScore score, int historyLimit)
    {
        if (stored.ScoreOn(score.SuiteVersion) is not null)
            return null;
        var updated = score.ScoredUtc > stored.UpdatedUtc ? score.ScoredUtc : stored.UpdatedUtc;
        return stored with { History = AppendScore(stored.History, score, historyLimit), UpdatedUtc = updated };
    }

    private static ImmutableArray<LeaderboardScore> AppendScore(ImmutableArray<LeaderboardScore> history, LeaderboardScore score, int limit)
    {
        // Recording order: the last scoring recorded is the current one.
        var appended = history.Add(score);
        return appended.Length <= limit ? appended : appended.RemoveRange(0, appended.Length - limit);
    }
}
