using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Tests.Support;
using LoRASculpt.Grains.Trials;

namespace LoRASculpt.Grains.Tests.Orchestration;

public sealed class RunOnceTests
{
    [Fact]
    public async Task Every_trial_of_a_sweep_runs_exactly_once_across_workers_on_two_silos()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(silos: 2, slotsPerSilo: 2);
        var spec = SyntheticSweeps.Seeds("run-once", count: 30, durationMs: 15, evalShards: 2);

        var submission = await cluster.Sweeps.SubmitAsync(spec);
        var status = await cluster.WaitUntilFinishedAsync(submission.SweepId);
        var results = (await cluster.Sweeps.GetResultsAsync(submission.SweepId))!;

        Assert.True(submission.Created);
        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(30, status.Completed);
        Assert.Equal(30, results.Rows.Length);
        Assert.All(results.Rows, row =>
        {
            Assert.Equal(TrialStatus.Completed, row.Status);
            Assert.NotNull(row.Result);
            Assert.Equal(1, cluster.Log.Trainings(row.TrialId));
        });
        Assert.Equal(30, cluster.Log.TotalTrainings);
        // Three datasets (target + two sources), two shards each, once per trial.
        Assert.Equal(30 * 3 * 2, cluster.Log.Evaluations);
        Assert.Equal(1, cluster.Log.MaxConcurrentJobsPerWorker);
        var stats = await cluster.Sweeps.GetSchedulerStatsAsync();
        Assert.Equal(4, stats.Workers);
        Assert.Equal(0, stats.QueuedJobs);
        Assert.Equal(0, stats.AssignedJobs);
        Assert.Equal(30 + 30 * 3 * 2, stats.JobsDispatched);
    }

    [Fact]
    public async Task Results_table_names_the_best_trial_by_each_metric()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 3);
        var submission = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("best", count: 8, durationMs: 1));
        await cluster.WaitUntilFinishedAsync(submission.SweepId);
        var results = (await cluster.Sweeps.GetResultsAsync(submission.SweepId))!;

        var completed = results.Rows.Select(r => (r.TrialId, Result: r.Result!)).ToArray();
        Assert.Equal(completed.MaxBy(r => r.Result.Avg).TrialId, results.BestBy(ResultMetric.Avg));
        Assert.Equal(completed.MaxBy(r => r.Result.Source).TrialId, results.BestBy(ResultMetric.Source));
        Assert.Equal(completed.MaxBy(r => r.Result.Target).TrialId, results.BestBy(ResultMetric.Target));
        Assert.Equal(["seed"], results.SweptAxes.ToArray());
        Assert.All(results.Rows, r =>
        {
            Assert.Equal((r.Result!.Source + r.Result.Target) / 2, r.Result.Avg, 12);
            Assert.Equal(["icon-mc", "shape-vqa", "text-ocr"], r.Result.Tasks.Select(t => t.Task).ToArray());
            Assert.Equal(1, r.Attempts);
        });
        // Different configs get different pseudo-scores (they come from a hash of the config).
        Assert.True(completed.Select(r => r.Result.Avg).Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_trial_shared_by_two_sweeps_runs_once_and_both_get_its_result()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 2);
        // Same name and settings, overlapping seeds: seeds 3 and 4 are the same trial config in both.
        var first = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("shared", [1, 2, 3, 4], durationMs: 5));
        await cluster.WaitUntilFinishedAsync(first.SweepId);
        var second = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("shared", [3, 4, 5, 6], durationMs: 5));
        await cluster.WaitUntilFinishedAsync(second.SweepId);

        var a = (await cluster.Sweeps.GetResultsAsync(first.SweepId))!;
        var b = (await cluster.Sweeps.GetResultsAsync(second.SweepId))!;
        var shared = a.Rows.Select(r => r.TrialId).Intersect(b.Rows.Select(r => r.TrialId)).ToArray();

        Assert.NotEqual(first.SweepId, second.SweepId);
        Assert.Equal(2, shared.Length);
        Assert.Equal(6, cluster.Log.TotalTrainings);
        Assert.All(shared, id => ResultAssert.Same(a.Rows.Single(r => r.TrialId == id).Result, b.Rows.Single(r => r.TrialId == id).Result));
    }

    [Fact]
    public async Task Submitting_the_same_spec_twice_is_one_sweep()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 2);
        var spec = SyntheticSweeps.Seeds("twice", count: 6, durationMs: 5);

        var first = await cluster.Sweeps.SubmitAsync(spec);
        var again = await cluster.Sweeps.SubmitAsync(spec);
        await cluster.WaitUntilFinishedAsync(first.SweepId);
        var afterFinish = await cluster.Sweeps.SubmitAsync(spec);
        var list = await cluster.Sweeps.ListAsync();

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.False(afterFinish.Created);
        Assert.Equal(first.SweepId, again.SweepId);
        Assert.Equal(SweepState.Completed, afterFinish.Status.State);
        var only = Assert.Single(list);
        Assert.Equal(first.SweepId, only.SweepId);
        Assert.Equal(6, only.Completed);
        Assert.Equal(6, cluster.Log.TotalTrainings);
    }
}
