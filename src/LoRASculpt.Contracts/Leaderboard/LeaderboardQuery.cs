using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Contracts.Leaderboard;

/// <summary>
/// Position in the ranking (score descending, entry id ascending): the next page starts strictly after it,
/// so pages stay stable while entries are added elsewhere in the ranking.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeaderboardCursor(
    [property: Id(0)] double Score,
    [property: Id(1)] string EntryId)
{
    /// <summary>"{score:R}~{entryId}", the text form CLI and HTTP hand out.</summary>
    public override string ToString() => $"{Score.ToString("R", CultureInfo.InvariantCulture)}~{EntryId}";

    public static LeaderboardCursor Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var cut = text.IndexOf('~');
        if (cut <= 0 || cut == text.Length - 1
            || !double.TryParse(text.AsSpan(0, cut), NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            throw new FormatException($"Cursor '{text}' is not of the form SCORE~ENTRY_ID.");
        return new LeaderboardCursor(score, text[(cut + 1)..]);
    }

    /// <summary>True when (score, id) ranks after this cursor.</summary>
    public bool Precedes(double score, string entryId) =>
        score < Score || (score == Score && string.CompareOrdinal(entryId, EntryId) > 0);
}

/// <summary>Top-k of one (base model, target task) board: <see cref="Offset"/> entries are skipped after <see cref="After"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaderboardQuery(
    [property: Id(0)] ResultMetric Metric,
    [property: Id(1)] LeaderboardFilter Filter,
    [property: Id(2)] int Limit,
    [property: Id(3)] int Offset = 0,
    [property: Id(4)] LeaderboardCursor? After = null)
{
    public const int MaxLimit = 1000;

    public void Validate()
    {
        if (Limit is < 1 or > MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"Limit must be 1-{MaxLimit}.");
        if (Offset < 0 || Offset > 100_000)
            throw new ArgumentOutOfRangeException(nameof(Offset), Offset, "Offset must be 0-100000.");
    }
}

/// <summary>One page of a ranking. <see cref="Next"/> is null when no entry follows.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaderboardPage(
    [property: Id(0)] ImmutableArray<LeaderboardEntry> Entries,
    [property: Id(1)] LeaderboardCursor? Next,
    /// <summary>How many partitions the query read (the others could not contribute).</summary>
    [property: Id(2)] int PartitionsRead,
    [property: Id(3)] int PartitionsTotal);

/// <summary>What recording did; <see cref="Unchanged"/> for a repeat of what is already there.</summary>
[GenerateSerializer]
public enum RecordOutcome
{
    Added = 0,
    Updated = 1,
    Unchanged = 2,
}

/// <summary>The bounds of one partition that decide whether a query must read it.</summary>
[GenerateSerializer, Immutable]
public sealed record PartitionSummary(
    [property: Id(0)] string PartitionKey,
    [property: Id(1)] int Count,
    /// <summary>Maxima over every scoring (history included), so they bound any suite-version filter too.</summary>
    [property: Id(2)] double MaxAvg,
    [property: Id(3)] double MaxSource,
    [property: Id(4)] double MaxTarget)
{
    public double Max(ResultMetric metric) => metric switch
    {
        ResultMetric.Avg => MaxAvg,
        ResultMetric.Source => MaxSource,
        ResultMetric.Target => MaxTarget,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };
}

/// <summary>One (base model, target task) board and its size.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaderboardBoard(
    [property: Id(0)] string BaseModel,
    [property: Id(1)] string TargetTask,
    [property: Id(2)] long Entries,
    [property: Id(3)] int Partitions);
