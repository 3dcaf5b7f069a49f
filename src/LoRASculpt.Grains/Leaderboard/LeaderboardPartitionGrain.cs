using System.Collections.Immutable;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Grains.Leaderboard;

/// <summary>
/// A bounded slice of a board (see <see cref="ILeaderboardPartitionGrain"/>). Writes come from its index only. Placed at
/// random so a board's partitions (and the memory they hold) spread over the cluster's silos.
/// </summary>
[Orleans.Placement.RandomPlacement]
public sealed class LeaderboardPartitionGrain(
    [PersistentState("leaderboardPartition", OrchestrationStorage.Name)] IPersistentState<LeaderboardPartitionState> state,
    IOptions<LeaderboardOptions> options) : Grain, ILeaderboardPartitionGrain
{
    private readonly int _historyLimit = options.Value.HistoryLimit;

    private Dictionary<string, LeaderboardEntry> Entries => state.State.Entries;

    private PartitionSummary Summary => LeaderboardRanking.Summarise(this.GetPrimaryKeyString(), Entries.Values);

    public async Task<PartitionWrite> Upsert(LeaderboardEntry entry, bool mayAdd, int capacity)
    {
        var result = Apply(entry, mayAdd, capacity);
        if (result is PartitionWriteResult.Added or PartitionWriteResult.Updated)
            await state.WriteStateAsync();
        return new PartitionWrite(result, Summary, result == PartitionWriteResult.Added ? 1 : 0, []);
    }

    public async Task<PartitionWrite> UpsertMany(ImmutableArray<LeaderboardEntry> entries, int capacity)
    {
        var added = 0;
        var changed = false;
        var overflow = ImmutableArray.CreateBuilder<string>();
        foreach (var entry in entries)
        {
            var result = Apply(entry, mayAdd: true, capacity);
            added += result == PartitionWriteResult.Added ? 1 : 0;
            changed |= result is PartitionWriteResult.Added or PartitionWriteResult.Updated;
            if (result == PartitionWriteResult.Full)
                overflow.Add(entry.EntryId);
        }
        if (changed)
            await state.WriteStateAsync();
        return new PartitionWrite(changed ? PartitionWriteResult.Updated : PartitionWriteResult.Unchanged, Summary, added, overflow.ToImmutable());
    }

    public async Task<PartitionWrite> AddScore(string entryId, LeaderboardScore score)
    {
        if (!Entries.TryGetValue(entryId, out var stored))
            return new PartitionWrite(PartitionWriteResult.NotHere, Summary, 0, []);
        if (LeaderboardEntries.AddScore(stored, score, _historyLimit) is not { } updated)
            return new PartitionWrite(PartitionWriteResult.Unchanged, Summary, 0, []);
        Entries[entryId] = updated;
        await state.WriteStateAsync();
        return new PartitionWrite(PartitionWriteResult.Updated, Summary, 0, []);
    }

    public Task<LeaderboardEntry?> Get(string entryId) => Task.FromResult(Entries.GetValueOrDefault(entryId));

    public Task<ImmutableArray<LeaderboardEntry>> Top(ResultMetric metric, LeaderboardFilter filter, int count, LeaderboardCursor? after) =>
        Task.FromResult(LeaderboardRanking.Top(Entries.Values, metric, filter, count, after));

    public Task<ImmutableArray<LeaderboardEntry>> LocalPareto(LeaderboardFilter filter) =>
        Task.FromResult(LeaderboardRanking.Pareto(Entries.Values, filter));

    public Task<ImmutableArray<LeaderboardEntry>> List(LeaderboardFilter filter) =>
        Task.FromResult(Entries.Values.Where(filter.Matches).OrderBy(e => e.EntryId, StringComparer.Ordinal).ToImmutableArray());

    private PartitionWriteResult Apply(LeaderboardEntry entry, bool mayAdd, int capacity)
    {
        if (Entries.TryGetValue(entry.EntryId, out var stored))
        {
            if (LeaderboardEntries.Merge(stored, entry, _historyLimit) is not { } merged)
                return PartitionWriteResult.Unchanged;
            Entries[entry.EntryId] = merged;
            return PartitionWriteResult.Updated;
        }
        if (!mayAdd)
            return PartitionWriteResult.NotHere;
        if (Entries.Count >= capacity)
            return PartitionWriteResult.Full;
        Entries[entry.EntryId] = entry;
        return PartitionWriteResult.Added;
    }
}
