using LoRASculpt.Client;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Grains.Tests.Support;

namespace LoRASculpt.Grains.Tests.Leaderboard;

/// <summary>Completed trials of real (synthetic) sweeps become leaderboard entries, once each, with every sweep that planned them.</summary>
public sealed class SweepRecordingTests
{
    [Fact]
    public async Task Every_completed_trial_becomes_one_entry_and_a_shared_trial_lists_both_sweeps()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 2);
        var first = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("board", [1, 2, 3, 4], durationMs: 5, evalShards: 2));
        await cluster.WaitUntilFinishedAsync(first.SweepId);
        var second = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("board", [3, 4, 5], durationMs: 5));
        await cluster.WaitUntilFinishedAsync(second.SweepId);
        var a = (await cluster.Sweeps.GetResultsAsync(first.SweepId))!;
        var b = (await cluster.Sweeps.GetResultsAsync(second.SweepId))!;

        var client = new LeaderboardClient(cluster.Client);
        var boards = await client.BoardsAsync();
        var page = await client.TopAsync("tiny-llava", "icon-mc", new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, 100));
        var rows = a.Rows.Concat(b.Rows).DistinctBy(r => r.TrialId).ToDictionary(r => r.TrialId);

        Assert.Equal(("tiny-llava", "icon-mc", 5L), (boards.Single().BaseModel, boards.Single().TargetTask, boards.Single().Entries));
        Assert.Equal(rows.Keys.Order(StringComparer.Ordinal), page.Entries.Select(e => e.EntryId).Order(StringComparer.Ordinal));
        foreach (var entry in page.Entries)
        {
            var result = rows[entry.EntryId].Result!;
            Assert.Equal((result.Source, result.Target, result.Avg, result.SuiteVersion, result.AdapterKey), (entry.Source, entry.Target, entry.Avg, entry.SuiteVersion, entry.AdapterKey));
            Assert.Equal("lora", entry.Method);
            Assert.Single(entry.History);
            var expectedSweeps = new[] { a, b }.Where(r => r.Rows.Any(row => row.TrialId == entry.EntryId)).Select(r => r.SweepId).Order(StringComparer.Ordinal);
            Assert.Equal(expectedSweeps, entry.SweepIds);
        }
        var shared = page.Entries.Where(e => e.SweepIds.Length == 2).Select(e => e.Seed).Order();
        Assert.Equal(["3", "4"], shared);
    }
}
