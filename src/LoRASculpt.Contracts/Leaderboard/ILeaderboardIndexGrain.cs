using System.Collections.Immutable;
using Orleans.Concurrency;

namespace LoRASculpt.Contracts.Leaderboard;

/// <summary>
/// The board of one (base model, target task), key <see cref="LeaderboardKeys.Board"/>. Holds only per-partition
/// summaries (count, score maxima); entries live in bounded partition grains. Recording goes through the index so
/// that it is serialised per board (idempotent by entry id); queries read only partitions that can contribute.
/// </summary>
public interface ILeaderboardIndexGrain : IGrainWithStringKey
{
    /// <summary>Adds the entry, or merges it into the stored one (sweep ids, scorings by suite version). Idempotent.</summary>
    Task<RecordOutcome> Record(LeaderboardEntry entry);

    /// <summary>Bulk <see cref="Record"/>: returns how many entries were new.</summary>
    Task<int> RecordMany(ImmutableArray<LeaderboardEntry> entries);

    /// <summary>Adds a scoring to an entry's history; false when the entry is unknown or already scored on that suite version.</summary>
    Task<bool> RecordScore(string entryId, LeaderboardScore score);

    [ReadOnly]
    Task<LeaderboardEntry?> Get(string entryId);

    [ReadOnly]
    Task<LeaderboardPage> Top(LeaderboardQuery query);

    /// <summary>The entries on the Source-vs-Target Pareto front (both maximised), Source ascending.</summary>
    [ReadOnly]
    Task<ImmutableArray<LeaderboardEntry>> Pareto(LeaderboardFilter filter);

    [ReadOnly]
    Task<ImmutableArray<PartitionSummary>> Partitions();

    [ReadOnly]
    Task<LeaderboardBoard> Describe();
}

/// <summary>
/// A bounded slice of a board (key <see cref="LeaderboardKeys.Partition"/>): entries whose id hashes to its bucket,
/// at most the configured capacity per page. Called by its index only (clients go through the index).
/// </summary>
public interface ILeaderboardPartitionGrain : IGrainWithStringKey
{
    /// <summary>Adds (when <paramref name="mayAdd"/> and there is room) or merges the entry.</summary>
    Task<PartitionWrite> Upsert(LeaderboardEntry entry, bool mayAdd, int capacity);

    Task<PartitionWrite> UpsertMany(ImmutableArray<LeaderboardEntry> entries, int capacity);

    Task<PartitionWrite> AddScore(string entryId, LeaderboardScore score);

    [ReadOnly]
    Task<LeaderboardEntry?> Get(string entryId);

    /// <summary>The partition's best <paramref name="count"/> matching entries ranking after <paramref name="after"/>.</summary>
    [ReadOnly]
    Task<ImmutableArray<LeaderboardEntry>> Top(Sweeps.ResultMetric metric, LeaderboardFilter filter, int count, LeaderboardCursor? after);

    /// <summary>The partition's own Pareto front of matching entries (the board's front is a subset of the union).</summary>
    [ReadOnly]
    Task<ImmutableArray<LeaderboardEntry>> LocalPareto(LeaderboardFilter filter);

    /// <summary>Every matching entry (export), entry id order.</summary>
    [ReadOnly]
    Task<ImmutableArray<LeaderboardEntry>> List(LeaderboardFilter filter);
}

/// <summary>What a partition write did, with the partition's new summary.</summary>
[GenerateSerializer, Immutable]
public sealed record PartitionWrite(
    [property: Id(0)] PartitionWriteResult Result,
    [property: Id(1)] PartitionSummary Summary,
    /// <summary>For <see cref="ILeaderboardPartitionGrain.UpsertMany"/>: entries added, and ids that did not fit.</summary>
    [property: Id(2)] int Added,
    [property: Id(3)] ImmutableArray<string> Overflow);

[GenerateSerializer]
public enum PartitionWriteResult
{
    Added = 0,
    Updated = 1,
    Unchanged = 2,
    /// <summary>The entry is not in this partition (and was not added).</summary>
    NotHere = 3,
    /// <summary>The entry is not here and the partition is full.</summary>
    Full = 4,
}

/// <summary>Every board that has entries (singleton, key <see cref="Key"/>), for listing and board-less lookups.</summary>
public interface ILeaderboardRegistryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    Task Register(string baseModel, string targetTask);

    [ReadOnly]
    Task<ImmutableArray<string>> Boards();
}
