using System.Collections.Immutable;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Client;

/// <summary>Turns the text arguments the CLI and the HTTP endpoint take into metrics and filters (FormatException names the bad value).</summary>
public static class LeaderboardArguments
{
    public static ResultMetric Metric(string? text) => (text ?? "avg").Trim().ToLowerInvariant() switch
    {
        "avg" => ResultMetric.Avg,
        "source" => ResultMetric.Source,
        "target" => ResultMetric.Target,
        _ => throw new FormatException($"Metric '{text}' is not avg, source or target."),
    };

    /// <param name="hyperparameters">"name=value" pairs.</param>
    public static LeaderboardFilter Filter(IEnumerable<string>? methods, string? sweepId, IEnumerable<string>? hyperparameters, string? suiteVersion, string? olderThan)
    {
        var pairs = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var pair in hyperparameters ?? [])
        {
            var cut = pair.IndexOf('=');
            if (cut <= 0 || cut == pair.Length - 1)
                throw new FormatException($"Hyperparameter filter '{pair}' is not NAME=VALUE.");
            pairs[pair[..cut].Trim()] = pair[(cut + 1)..].Trim();
        }
        return new LeaderboardFilter(
            [.. (methods ?? []).SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            string.IsNullOrWhiteSpace(sweepId) ? null : sweepId,
            pairs.ToImmutable(),
            string.IsNullOrWhiteSpace(suiteVersion) ? null : suiteVersion,
            string.IsNullOrWhiteSpace(olderThan) ? null : olderThan);
    }
}
