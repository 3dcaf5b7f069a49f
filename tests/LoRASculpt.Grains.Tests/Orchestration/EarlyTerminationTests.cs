using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Tests.Support;
using LoRASculpt.Sweeps.Expansion;
using LoRASculpt.Sweeps.Search.EarlyTermination;
using Settings = LoRASculpt.Contracts.Sweeps.HyperbandSettings;

namespace LoRASculpt.Grains.Tests.Orchestration;

/// <summary><c>early_terminate</c> on a test cluster: the sweep stops weak trials from their curves, and the decisions stay.</summary>
public sealed class EarlyTerminationTests
{
    // 1 s of training is 4 synthetic steps with a curve point at each; the one rung is the first point (step 1).
    private const int Steps = 4;

    private static SweepSpec Spec() => SyntheticSweeps.Seeds("early", count: 6, durationMs: 1000, evalEvery: 1) with
    {
        Metric = new SweepMetric(["avg"], Minimize: false),
        EarlyTerminate = new Settings(MinIter: 1, Eta: 3, MaxIter: 3, Brackets: 0),
    };

    /// <summary>
    /// One worker slot runs the trials one after another in plan order, so each reaches the rung after all earlier
    /// ones: it stops when its first point's avg is under the 2/3 quantile of theirs.
    /// </summary>
    private static IReadOnlyList<string> ExpectedStops(IReadOnlyList<string> planOrder)
    {
        var earlier = new List<double>();
        var stopped = new List<string>();
        foreach (var trialId in planOrder)
        {
            var point = SyntheticJobExecutor.SyntheticCurvePoint(trialId, 1, Steps);
            var avg = (point.Source + point.Target) / 2;
            if (!SuccessiveHalving.Continues(avg, SuccessiveHalving.Cutoff(earlier, 3)))
                stopped.Add(trialId);
            earlier.Add(avg);
        }
        return stopped;
    }

    [Fact]
    public async Task Weak_trials_stop_at_the_rung_free_their_worker_keep_their_last_point_and_stay_stopped_after_a_restart()
    {
        using var directory = new TempDirectory();
        var database = Path.Combine(directory.Path, "state.db");
        string sweepId;
        IReadOnlyList<string> expected;
        await using (var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 1, sqlitePath: database))
        {
            var submission = await cluster.Sweeps.SubmitAsync(Spec());
            sweepId = submission.SweepId;
            var status = await cluster.WaitUntilFinishedAsync(sweepId);
            var results = (await cluster.Sweeps.GetResultsAsync(sweepId))!;
            expected = ExpectedStops([.. results.Rows.Select(r => r.TrialId)]);
            Assert.NotEmpty(expected); // the seeds give the rule something to stop

            Assert.Equal(SweepState.Completed, status.State);
            Assert.Equal((6 - expected.Count, expected.Count, 0), (status.Completed, status.StoppedEarly, status.Failed));
            Assert.Equal(expected, results.Rows.Where(r => r.Status == TrialStatus.StoppedEarly).Select(r => r.TrialId));
            foreach (var row in results.Rows.Where(r => r.Status == TrialStatus.StoppedEarly))
            {
                // Stopped at the first point: its result is that point, and the reason names the step.
                var first = SyntheticJobExecutor.SyntheticCurvePoint(row.TrialId, 1, Steps);
                Assert.Equal(first, Assert.Single(row.Curve));
                Assert.Equal((first.Source, first.Target), (row.Result!.Source, row.Result.Target));
                Assert.StartsWith("at step 1 (curve point 1): avg ", row.StopReason);
                Assert.Equal(1, cluster.Log.Trainings(row.TrialId));
            }
            // Their running jobs were cancelled (the slot was freed at once), and the others ran to the end.
            Assert.Equal(expected.Order(), cluster.Log.CancelledTrainings.Order());
            Assert.All(results.Rows.Where(r => r.Status == TrialStatus.Completed), r => Assert.Equal(Steps, r.Curve.Length));
            Assert.DoesNotContain(results.BestByAvg, expected);
        }

        await using var restarted = await OrchestrationCluster.StartAsync(slotsPerSilo: 1, sqlitePath: database);
        await restarted.Sweeps.ResumeAsync(sweepId);
        var after = await restarted.WaitUntilFinishedAsync(sweepId);
        var rows = (await restarted.Sweeps.GetResultsAsync(sweepId))!.Rows;
        Assert.Equal(expected, rows.Where(r => r.Status == TrialStatus.StoppedEarly).Select(r => r.TrialId));
        Assert.All(rows.Where(r => r.Status == TrialStatus.StoppedEarly), r => Assert.StartsWith("at step 1", r.StopReason));
        Assert.Equal((expected.Count, SweepState.Completed), (after.StoppedEarly, after.State));
        // Never retried: nothing trained again.
        Assert.Equal(0, restarted.Log.TotalTrainings);
    }

    [Fact]
    public async Task A_decision_is_kept_across_a_restart_and_applied_once_no_other_sweep_wants_the_trial()
    {
        using var directory = new TempDirectory();
        var database = Path.Combine(directory.Path, "state.db");
        // No worker slots: the test reports the curves itself. Sweep "plain" plans the same trial as seed 2, without early termination.
        var early = SyntheticSweeps.Seeds("early", [1, 2], durationMs: 1000, evalEvery: 1) with
        {
            Metric = new SweepMetric(["avg"], Minimize: false),
            EarlyTerminate = new Settings(MinIter: 1, Eta: 3, MaxIter: 3, Brackets: 0),
        };
        var plain = SyntheticSweeps.Seeds("plain", [2], durationMs: 1000, evalEvery: 1);
        var trials = SweepExpander.Plan(early).Trials;
        var (strong, weak) = (trials[0].TrialId, trials[1].TrialId);
        Assert.Equal(weak, Assert.Single(SweepExpander.Plan(plain).Trials).TrialId);

        string earlyId, plainId;
        await using (var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 0, sqlitePath: database))
        {
            earlyId = (await cluster.Sweeps.SubmitAsync(early)).SweepId;
            plainId = (await cluster.Sweeps.SubmitAsync(plain)).SweepId;
            foreach (var (sweepId, trial) in new[] { (earlyId, trials[0]), (earlyId, trials[1]), (plainId, trials[1]) })
                await cluster.Client.GetGrain<ITrialGrain>(trial.TrialId).EnsureScheduled(sweepId, trial.Config, 1);

            await Report(cluster, strong, new CurvePoint(1, 80, 60));
            await cluster.WaitForAsync(earlyId, s => s.Running.Any(t => t.TrialId == strong && t.Curve.Length == 1));
            await Report(cluster, weak, new CurvePoint(1, 20, 10));
            await cluster.WaitForAsync(earlyId, s => s.Running.Any(t => t.TrialId == weak && t.Curve.Length == 1));
            await cluster.Client.GetGrain<ISweepGrain>(earlyId).Reconcile();

            // Decided (15 against the cutoff 70), but "plain" still wants the trial whole: it trains on.
            Assert.Equal(TrialStatus.Training, (await cluster.Client.GetGrain<ITrialGrain>(weak).GetSnapshot()).Status);
        }

        await using var restarted = await OrchestrationCluster.StartAsync(slotsPerSilo: 0, sqlitePath: database);
        await restarted.Sweeps.CancelAsync(plainId);
        Assert.Equal(TrialStatus.Queued, (await restarted.Client.GetGrain<ITrialGrain>(weak).GetSnapshot()).Status);

        // The saved decision is applied on resume, without any new curve point.
        await restarted.Sweeps.ResumeAsync(earlyId);
        var snapshot = await restarted.Client.GetGrain<ITrialGrain>(weak).GetSnapshot();
        Assert.Equal(TrialStatus.StoppedEarly, snapshot.Status);
        Assert.Equal("at step 1 (curve point 1): avg 15.00, worse than the cutoff 70.00 of 1 earlier trial", snapshot.StopReason);
        Assert.Equal((20.0, 10.0, 15.0), (snapshot.Result!.Source, snapshot.Result.Target, snapshot.Result.Avg));
        Assert.Equal(TrialStatus.Queued, (await restarted.Client.GetGrain<ITrialGrain>(strong).GetSnapshot()).Status);
        var status = await restarted.WaitForAsync(earlyId, s => s.StoppedEarly == 1);
        Assert.Equal((0, 1), (status.Failed, status.Queued));
    }

    private static Task Report(OrchestrationCluster cluster, string trialId, CurvePoint point) =>
        cluster.Client.GetGrain<ITrialGrain>(trialId).ReportProgress(1, new JobProgress(point.Step, 4, 1.0, 1) { Curve = [point] }, "w0");
}
