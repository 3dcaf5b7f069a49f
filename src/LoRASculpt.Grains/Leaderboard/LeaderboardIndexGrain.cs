using System.Collections.Immutable;
using System.Diagnostics;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Grains.Leaderboard;

/// <summary>
/// A board's index (see <see cref="ILeaderboardIndexGrain"/>). Top-k is a threshold search: partitions are read
/// best-maximum first, a wave of <see cref="LeaderboardOptions.ReadParallelism"/> at a time, each returning its own
/// top-k; reading stops once the k-th best so far beats every unread partition's maximum.
/// </summary>
public sealed class LeaderboardIndexGrain(
    [PersistentState("leaderboardIndex", OrchestrationStorage.Name)] IPersistentState<LeaderboardIndexState> state,
    IOptions<LeaderboardOptions> options) : Grain, ILeaderboardIndexGrain
{
    private readonly LeaderboardOptions _options = options.Value;

    /// <summary>The grain's persisted state.</summary>
    private LeaderboardIndexState Stored => state.State;

    private string Board => this.GetPrimaryKeyString();

    public async Task<RecordOutcome> Record(LeaderboardEntry entry)
    {
        CheckBoard(entry);
        var outcome = await RecordOneAsync(entry);
        if (outcome != RecordOutcome.Unchanged)
            await SaveAsync();
        return outcome;
    }

    public async Task<int> RecordMany(ImmutableArray<LeaderboardEntry> entries)
    {
        foreach (var entry in entries)
            CheckBoard(entry);
        EnsureBuckets();
        var added = 0;
        var oneByOne = new List<LeaderboardEntry>();
        var batches = new List<(ILeaderboardPartitionGrain Partition, ImmutableArray<LeaderboardEntry> Entries)>();
        foreach (var group in entries.GroupBy(e => LeaderboardKeys.Bucket(e.EntryId, Stored.Buckets)))
        {
            // A bucket with several pages may hold an entry on an earlier page: those go one by one.
            if (Stored.Pages.GetValueOrDefault(group.Key, 1) > 1)
                oneByOne.AddRange(group);
            else
                batches.Add((Partition(group.Key, 0), [.. group]));
        }
        var writes = await Task.WhenAll(batches.Select(b => b.Partition.UpsertMany(b.Entries, _options.PartitionCapacity)));
        var byId = entries.ToDictionary(e => e.EntryId, StringComparer.Ordinal);
        foreach (var (write, batch) in writes.Zip(batches))
        {
            Track(write.Summary, write.Added);
            Stored.Pages.TryAdd(LeaderboardKeys.Bucket(batch.Entries[0].EntryId, Stored.Buckets), 1);
            oneByOne.AddRange(write.Overflow.Select(id => byId[id]));
        }
        foreach (var entry in oneByOne)
            added += await RecordOneAsync(entry) == RecordOutcome.Added ? 1 : 0;
        added += writes.Sum(w => w.Added);
        await SaveAsync();
        return added;
    }

    public async Task<bool> RecordScore(string entryId, LeaderboardScore score)
    {
        if (Stored.Buckets == 0)
            return false;
        var bucket = LeaderboardKeys.Bucket(entryId, Stored.Buckets);
        for (var page = 0; page < Stored.Pages.GetValueOrDefault(bucket); page++)
        {
            var write = await Partition(bucket, page).AddScore(entryId, score);
            if (write.Result == PartitionWriteResult.NotHere)
                continue;
            if (write.Result != PartitionWriteResult.Updated)
                return false;
            Track(write.Summary, 0);
            await SaveAsync();
            return true;
        }
        return false;
    }

    public async Task<LeaderboardEntry?> Get(string entryId)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (Stored.Buckets == 0)
                return null;
            var bucket = LeaderboardKeys.Bucket(entryId, Stored.Buckets);
            for (var page = 0; page < Stored.Pages.GetValueOrDefault(bucket); page++)
            {
                if (await Partition(bucket, page).Get(entryId) is { } entry)
                    return entry;
            }
            return null;
        }
        finally
        {
            RecordLatency(started, "get");
        }
    }

    public async Task<LeaderboardPage> Top(LeaderboardQuery query)
    {
        query.Validate();
        var started = Stopwatch.GetTimestamp();
        var need = query.Offset + query.Limit;
        // One extra entry tells whether a next page exists.
        var want = need + 1;
        var pending = new Queue<PartitionSummary>(Stored.Summaries.Values
            .Where(s => s.Count > 0)
            .OrderByDescending(s => s.Max(query.Metric))
            .ThenBy(s => s.PartitionKey, StringComparer.Ordinal));
        var best = new List<(double Score, LeaderboardEntry Entry)>();
        var read = 0;
        while (pending.Count > 0)
        {
            if (best.Count >= want && pending.Peek().Max(query.Metric) < best[want - 1].Score)
                break;
            var wave = new List<PartitionSummary>();
            while (pending.Count > 0 && wave.Count < _options.ReadParallelism
                   && !(best.Count >= want && pending.Peek().Max(query.Metric) < best[want - 1].Score))
                wave.Add(pending.Dequeue());
            var results = await Task.WhenAll(wave.Select(s =>
                GrainFactory.GetGrain<ILeaderboardPartitionGrain>(s.PartitionKey).Top(query.Metric, query.Filter, want, query.After)));
            read += wave.Count;
            foreach (var entry in results.SelectMany(r => r))
                best.Add((entry.RankValue(query.Metric, query.Filter.SuiteVersion), entry));
            best.Sort(LeaderboardRanking.Compare);
            if (best.Count > want)
                best.RemoveRange(want, best.Count - want);
        }

        var page = best.Skip(query.Offset).Take(query.Limit).ToList();
        var next = best.Count > need && page.Count > 0 ? new LeaderboardCursor(page[^1].Score, page[^1].Entry.EntryId) : null;
        RecordLatency(started, "top");
        return new LeaderboardPage([.. page.Select(p => p.Entry)], next, read, Stored.Summaries.Count);
    }

    public async Task<ImmutableArray<LeaderboardEntry>> Pareto(LeaderboardFilter filter)
    {
        var started = Stopwatch.GetTimestamp();
        var locals = await Task.WhenAll(Stored.Summaries.Values.Where(s => s.Count > 0)
            .Select(s => GrainFactory.GetGrain<ILeaderboardPartitionGrain>(s.PartitionKey).LocalPareto(filter)));
        var front = LeaderboardRanking.Pareto(locals.SelectMany(l => l), filter);
        RecordLatency(started, "pareto");
        return front;
    }

    public Task<ImmutableArray<PartitionSummary>> Partitions() =>
        Task.FromResult(Stored.Summaries.Values.OrderBy(s => s.PartitionKey, StringComparer.Ordinal).ToImmutableArray());

    public Task<LeaderboardBoard> Describe()
    {
        var (model, task) = LeaderboardKeys.ParseBoard(Board);
        return Task.FromResult(new LeaderboardBoard(model, task, Stored.Entries, Stored.Summaries.Count));
    }

    private async Task<RecordOutcome> RecordOneAsync(LeaderboardEntry entry)
    {
        EnsureBuckets();
        var bucket = LeaderboardKeys.Bucket(entry.EntryId, Stored.Buckets);
        var pages = Math.Max(1, Stored.Pages.GetValueOrDefault(bucket));
        for (var page = 0; ; page++)
        {
            var last = page >= pages - 1;
            var write = await Partition(bucket, page).Upsert(entry, mayAdd: last, _options.PartitionCapacity);
            switch (write.Result)
            {
                case PartitionWriteResult.NotHere:
                    continue;
                case PartitionWriteResult.Full:
                    // Bounded partitions: a full last page opens the next one.
                    pages = page + 2;
                    Stored.Pages[bucket] = pages;
                    continue;
                default:
                    Stored.Pages[bucket] = Math.Max(pages, Stored.Pages.GetValueOrDefault(bucket));
                    Track(write.Summary, write.Added);
                    return write.Result switch
                    {
                        PartitionWriteResult.Added => RecordOutcome.Added,
                        PartitionWriteResult.Updated => RecordOutcome.Updated,
                        _ => RecordOutcome.Unchanged,
                    };
            }
        }
    }

    private void Track(PartitionSummary summary, int added)
    {
        Stored.Summaries[summary.PartitionKey] = summary;
        Stored.Entries += added;
        if (added > 0)
            LoRASculptMetrics.LeaderboardEntriesRecorded.Add(added);
    }

    private async Task SaveAsync()
    {
        if (!Stored.Catalogued)
        {
            var (model, task) = LeaderboardKeys.ParseBoard(Board);
            await GrainFactory.GetGrain<ILeaderboardRegistryGrain>(ILeaderboardRegistryGrain.Key).Register(model, task);
            Stored.Catalogued = true;
        }
        await state.WriteStateAsync();
    }

    private void EnsureBuckets()
    {
        if (Stored.Buckets == 0)
            Stored.Buckets = _options.Buckets;
    }

    private void CheckBoard(LeaderboardEntry entry)
    {
        var board = LeaderboardKeys.Board(entry.BaseModel, entry.TargetTask);
        if (board != Board)
            throw new ArgumentException($"Entry {entry.EntryId} belongs to board {board}, not {Board}.", nameof(entry));
        if (entry.History.IsDefaultOrEmpty)
            throw new ArgumentException($"Entry {entry.EntryId} has no scoring.", nameof(entry));
    }

    private ILeaderboardPartitionGrain Partition(int bucket, int page) =>
        GrainFactory.GetGrain<ILeaderboardPartitionGrain>(LeaderboardKeys.Partition(Board, bucket, page));

    private static void RecordLatency(long started, string query) =>
        LoRASculptMetrics.LeaderboardQueryLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("query", query));
}
