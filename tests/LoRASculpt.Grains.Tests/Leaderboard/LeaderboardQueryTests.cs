using System.Collections.Immutable;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Grains.Tests.Leaderboard;

/// <summary>Top-k, filters, pagination and the Pareto front against a brute-force reference on random entries.</summary>
public sealed class LeaderboardQueryTests(LeaderboardCluster cluster) : IClassFixture<LeaderboardCluster>
{
    private const int Entries = 700;

    private async Task<(ILeaderboardIndexGrain Board, List<LeaderboardEntry> Entries)> SeedAsync(string model)
    {
        var entries = RandomEntries.Create(Entries, seed: 42, model: model);
        var board = cluster.Client.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board(model, "icon-mc"));
        if ((await board.Describe()).Entries == 0)
        {
            // Half in bulk, half one by one: both paths must land entries in the same places.
            Assert.Equal(Entries / 2, await board.RecordMany([.. entries.Take(Entries / 2)]));
            foreach (var entry in entries.Skip(Entries / 2))
                Assert.Equal(RecordOutcome.Added, await board.Record(entry));
        }
        return (board, entries);
    }

    public static TheoryData<ResultMetric, string?, string?, string?> Filters => new()
    {
        { ResultMetric.Avg, null, null, null },
        { ResultMetric.Source, null, null, null },
        { ResultMetric.Target, null, null, null },
        { ResultMetric.Avg, "lorasculpt", null, null },
        { ResultMetric.Target, null, "sw-b", null },
        { ResultMetric.Source, "dora", null, "0.5" },
        { ResultMetric.Avg, "lora", "sw-c", "1" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Top_k_with_filters_equals_the_brute_force_ranking(ResultMetric metric, string? method, string? sweep, string? alpha)
    {
        var (board, entries) = await SeedAsync("top-model");
        var filter = Filter(method, sweep, alpha, null);
        var expected = BruteForce.Ranking(entries.Where(e => BruteForce.Matches(e, method, sweep, alpha, null)), metric, null);

        foreach (var k in new[] { 1, 7, 25 })
        {
            var page = await board.Top(new LeaderboardQuery(metric, filter, k));
            Assert.Equal(expected.Take(k), page.Entries.Select(e => e.EntryId));
        }
    }

    [Fact]
    public async Task Walking_cursors_and_offsets_yields_the_whole_ranking_once()
    {
        var (board, entries) = await SeedAsync("page-model");
        var expected = BruteForce.Ranking(entries, ResultMetric.Avg, null);

        var walked = new List<string>();
        LeaderboardCursor? cursor = null;
        do
        {
            var page = await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, 64, After: cursor));
            walked.AddRange(page.Entries.Select(e => e.EntryId));
            cursor = page.Next;
            // The text form round-trips (CLI and HTTP hand it out).
            if (cursor is not null)
                Assert.Equal(cursor, LeaderboardCursor.Parse(cursor.ToString()));
        }
        while (cursor is not null);
        Assert.Equal(expected, walked);

        var byOffset = await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, 10, Offset: 95));
        Assert.Equal(expected.Skip(95).Take(10), byOffset.Entries.Select(e => e.EntryId));
        var last = await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, 10, Offset: Entries - 3));
        Assert.Equal(3, last.Entries.Length);
        Assert.Null(last.Next);
    }

    [Fact]
    public async Task Pareto_front_equals_the_dominance_reference()
    {
        var (board, entries) = await SeedAsync("pareto-model");

        var front = await board.Pareto(LeaderboardFilter.None);
        var filtered = await board.Pareto(Filter("lora", null, null, null));

        Assert.Equal(BruteForce.Pareto(entries, null), front.Select(e => e.EntryId).Order(StringComparer.Ordinal));
        Assert.Equal(BruteForce.Pareto([.. entries.Where(e => e.Method == "lora")], null), filtered.Select(e => e.EntryId).Order(StringComparer.Ordinal));
        // Source ascending along the front, so Target descends.
        Assert.Equal(front.Select(e => e.Source).Order(), front.Select(e => e.Source));
    }

    [Fact]
    public async Task Partitions_stay_bounded_and_top_k_reads_only_those_that_can_contribute()
    {
        var (board, entries) = await SeedAsync("bound-model");

        var partitions = await board.Partitions();
        var top = await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, 3));

        Assert.All(partitions, p => Assert.InRange(p.Count, 1, LeaderboardCluster.Capacity));
        Assert.Equal(Entries, partitions.Sum(p => p.Count));
        // 700 entries in buckets of at most 16 need more pages than buckets.
        Assert.True(partitions.Length > LeaderboardCluster.Buckets);
        Assert.True(top.PartitionsRead < top.PartitionsTotal, $"read {top.PartitionsRead} of {top.PartitionsTotal}");
        Assert.Equal(partitions.Length, top.PartitionsTotal);
        foreach (var entry in entries.Take(40))
        {
            var stored = (await board.Get(entry.EntryId))!;
            Assert.Equal((entry.EntryId, entry.Avg, entry.AdapterKey), (stored.EntryId, stored.Avg, stored.AdapterKey));
            Assert.Equal(entry.SweepIds.ToArray(), stored.SweepIds.ToArray());
        }
        Assert.Null(await board.Get("no-such-entry"));
    }

    [Fact]
    public async Task Recording_is_idempotent_and_merges_sweeps()
    {
        var board = cluster.Client.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board("idem-model", "icon-mc"));
        var entries = RandomEntries.Create(40, seed: 7, model: "idem-model");
        await board.RecordMany([.. entries]);

        Assert.Equal(0, await board.RecordMany([.. entries]));
        Assert.Equal(RecordOutcome.Unchanged, await board.Record(entries[3]));
        var inAnotherSweep = entries[3] with { SweepIds = ["sw-z"] };
        Assert.Equal(RecordOutcome.Updated, await board.Record(inAnotherSweep));

        var stored = (await board.Get(entries[3].EntryId))!;
        Assert.Equal(entries[3].SweepIds.Append("sw-z").Order(StringComparer.Ordinal), stored.SweepIds);
        Assert.Single(stored.History);
        Assert.Equal(40, (await board.Describe()).Entries);
        await Assert.ThrowsAsync<ArgumentException>(() => board.Record(RandomEntries.Create(1, 1, model: "other-model")[0]));
    }

    [Fact]
    public async Task Rescoring_keeps_history_and_suite_filters_rank_by_that_suite()
    {
        var board = cluster.Client.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board("suite-model", "icon-mc"));
        var entries = RandomEntries.Create(120, seed: 9, model: "suite-model", suite: "bench-v1");
        await board.RecordMany([.. entries]);
        var random = new Random(5);
        var rescored = new List<LeaderboardEntry>();
        foreach (var entry in entries.Where((_, i) => i % 3 == 0))
        {
            var score = RandomEntries.Score(random, "bench-v2", entry.CreatedUtc.AddDays(1), "re-run");
            Assert.True(await board.RecordScore(entry.EntryId, score));
            Assert.False(await board.RecordScore(entry.EntryId, score with { Avg = 0 }));
            rescored.Add(entry with { History = entry.History.Add(score) });
        }
        var all = entries.Select(e => rescored.FirstOrDefault(r => r.EntryId == e.EntryId) ?? e).ToList();

        var v2 = await board.Top(new LeaderboardQuery(ResultMetric.Avg, Filter(null, null, null, "bench-v2"), 15));
        var v1 = await board.Top(new LeaderboardQuery(ResultMetric.Target, Filter(null, null, null, "bench-v1"), 15));
        var current = await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, 15));
        var older = await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None with { CurrentSuiteOlderThan = "bench-v2" }, 1000));

        Assert.Equal(BruteForce.Ranking(rescored, ResultMetric.Avg, "bench-v2").Take(15), v2.Entries.Select(e => e.EntryId));
        Assert.Equal(BruteForce.Ranking(all, ResultMetric.Target, "bench-v1").Take(15), v1.Entries.Select(e => e.EntryId));
        Assert.Equal(BruteForce.Ranking(all, ResultMetric.Avg, null).Take(15), current.Entries.Select(e => e.EntryId));
        Assert.Equal(all.Where(e => e.History.Length == 1).Select(e => e.EntryId).Order(StringComparer.Ordinal), older.Entries.Select(e => e.EntryId).Order(StringComparer.Ordinal));
        var history = (await board.Get(rescored[0].EntryId))!.History;
        Assert.Equal(["bench-v1", "bench-v2"], history.Select(h => h.SuiteVersion));
        Assert.Equal("bench-v2", (await board.Get(rescored[0].EntryId))!.SuiteVersion);
    }

    [Fact]
    public void Suite_versions_compare_digit_runs_as_numbers()
    {
        Assert.True(SuiteVersions.Compare("bench-v2", "bench-v10") < 0);
        Assert.True(SuiteVersions.Compare("bench-v10", "bench-v9") > 0);
        Assert.Equal(0, SuiteVersions.Compare("bench-v01", "bench-v1"));
        Assert.True(SuiteVersions.Compare("bench-v1", "bench-v1.1") < 0);
        Assert.True(SuiteVersions.Compare("a", "b") < 0);
    }

    private static LeaderboardFilter Filter(string? method, string? sweep, string? alpha, string? suite) => new(
        method is null ? [] : [method],
        sweep,
        alpha is null ? ImmutableSortedDictionary<string, string>.Empty : ImmutableSortedDictionary<string, string>.Empty.Add("alpha", alpha),
        suite,
        null);
}
