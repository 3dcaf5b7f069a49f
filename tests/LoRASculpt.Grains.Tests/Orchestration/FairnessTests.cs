using LoRASculpt.Grains.Tests.Support;
using Xunit.Abstractions;

namespace LoRASculpt.Grains.Tests.Orchestration;

public sealed class FairnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_sweeps_share_the_workers_round_robin()
    {
        output.WriteLine($"start at {DateTime.UtcNow:O}");
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 2);
        output.WriteLine($"cluster at {DateTime.UtcNow:O}");
        // Hold the first jobs at the gate until both sweeps are queued, so the order is the queue's choice.
        cluster.Log.Gate.Reset();
        // Submit returns before the trials are queued: B goes in only once A's first jobs hold both workers.
        var a = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("fair-a", Enumerable.Range(1, 12), durationMs: 5));
        await cluster.WaitForAsync(a.SweepId, _ => cluster.Log.TrainingStarts.Count == 2);
        var b = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("fair-b", Enumerable.Range(101, 12), durationMs: 5));
        await WaitForQueuedAsync(cluster, 22);
        output.WriteLine($"queued at {DateTime.UtcNow:O}");
        cluster.Log.Gate.Set();
        await cluster.WaitUntilFinishedAsync(a.SweepId);
        await cluster.WaitUntilFinishedAsync(b.SweepId);

        output.WriteLine($"done at {DateTime.UtcNow:O}");
        var ofA = (await cluster.Sweeps.GetResultsAsync(a.SweepId))!.Rows.Select(r => r.TrialId).ToHashSet();
        var starts = cluster.Log.TrainingStarts;
        Assert.Equal(24, starts.Count);
        // Both held jobs were A's (B was not queued yet); from then on the sweeps alternate, give or take the
        // eval shards that are served between trainings: a sweep whose next eval shards are not queued yet at a
        // worker's turn lends it to the other, so training starts drift by up to 4 (seen in 4 of 26 runs with a
        // bound of 3, before and after the checkpoint work alike); first-come-first-served would reach a gap of 12.
        Assert.All(starts.Take(2), id => Assert.Contains(id, ofA));
        for (var n = 1; n <= starts.Count; n++)
        {
            var fromA = starts.Take(n).Count(ofA.Contains);
            Assert.True(Math.Abs(fromA - (n - fromA)) <= 4, $"after {n} starts: {string.Concat(starts.Select(id => ofA.Contains(id) ? 'A' : 'B'))}");
        }
    }

    private static async Task WaitForQueuedAsync(OrchestrationCluster cluster, int queued)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await cluster.Sweeps.GetSchedulerStatsAsync()).QueuedJobs < queued)
        {
            Assert.True(DateTime.UtcNow < deadline, "jobs were not queued in time");
            await Task.Delay(10);
        }
    }
}
