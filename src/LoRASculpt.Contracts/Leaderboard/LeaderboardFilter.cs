using System.Collections.Immutable;

namespace LoRASculpt.Contracts.Leaderboard;

/// <summary>
/// Which entries a query considers; every set condition must hold (empty = no condition).
/// Hyperparameter values are the catalogue's canonical strings ("0.001", "lorasculpt").
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeaderboardFilter(
    /// <summary>Any of these methods.</summary>
    [property: Id(0)] ImmutableArray<string> Methods,
    /// <summary>Planned by this sweep.</summary>
    [property: Id(1)] string? SweepId,
    /// <summary>Each named hyperparameter has exactly this value.</summary>
    [property: Id(2)] ImmutableSortedDictionary<string, string> Hyperparameters,
    /// <summary>Scored on this suite version (queries then rank by that scoring).</summary>
    [property: Id(3)] string? SuiteVersion,
    /// <summary>Whose current scoring is on a suite version older than this one (see <see cref="SuiteVersions.Compare"/>).</summary>
    [property: Id(4)] string? CurrentSuiteOlderThan)
{
    public static LeaderboardFilter None { get; } = new([], null, ImmutableSortedDictionary<string, string>.Empty, null, null);

    public bool Matches(LeaderboardEntry entry)
    {
        if (!Methods.IsDefaultOrEmpty && !Methods.Contains(entry.Method, StringComparer.Ordinal))
            return false;
        if (SweepId is not null && !entry.SweepIds.Contains(SweepId, StringComparer.Ordinal))
            return false;
        foreach (var (name, value) in Hyperparameters)
        {
            if (!entry.Config.Hyperparameters.TryGetValue(name, out var actual) || actual != value)
                return false;
        }
        if (SuiteVersion is not null && entry.ScoreOn(SuiteVersion) is null)
            return false;
        if (CurrentSuiteOlderThan is not null && SuiteVersions.Compare(entry.SuiteVersion, CurrentSuiteOlderThan) >= 0)
            return false;
        return true;
    }
}
