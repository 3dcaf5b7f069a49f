using System.Collections.Immutable;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Tests.Support;

namespace LoRASculpt.Grains.Tests.Orchestration;

/// <summary>Forgetting-curve points travel from the executor through the worker slot to the trial, and stay with it.</summary>
public sealed class ForgettingCurveTests
{
    [Fact]
    public async Task Points_reported_during_training_and_in_the_outcome_are_stored_with_the_trial_and_survive_a_restart()
    {
        using var directory = new TempDirectory();
        var database = Path.Combine(directory.Path, "state.db");
        // 1 s of training is 4 synthetic steps of 250 ms: points at steps 1, 2 and 3 come with progress, step 4 with the outcome.
        var spec = SyntheticSweeps.Seeds("curves", count: 2, durationMs: 1000, evalEvery: 1);

        string sweepId;
        await using (var first = await OrchestrationCluster.StartAsync(slotsPerSilo: 2, sqlitePath: database))
        {
            sweepId = (await first.Sweeps.SubmitAsync(spec)).SweepId;
            await first.WaitUntilFinishedAsync(sweepId);
        }

        await using var second = await OrchestrationCluster.StartAsync(slotsPerSilo: 2, sqlitePath: database);
        var rows = (await second.Sweeps.GetResultsAsync(sweepId))!.Rows;
        Assert.Equal(2, rows.Length);
        foreach (var row in rows)
        {
            var expected = Enumerable.Range(1, 4).Select(step => SyntheticJobExecutor.SyntheticCurvePoint(row.TrialId, step, 4)).ToArray();
            Assert.Equal(expected, row.Curve.AsEnumerable());
            Assert.Equal(expected, (await second.Client.GetGrain<ITrialGrain>(row.TrialId).GetSnapshot()).Curve.AsEnumerable());
        }
    }

    [Fact]
    public async Task Points_at_steps_already_stored_and_reports_of_an_old_attempt_are_ignored()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 0);
        var trial = cluster.Client.GetGrain<ITrialGrain>("t-curve");
        var config = new TrialConfig("tiny-llava", "icon-mc", ["text-ocr"], "lora", ImmutableSortedDictionary<string, string>.Empty, "synthetic");
        await trial.EnsureScheduled("s-curve", config, evalShards: 1);
        await trial.ReportTrainingStarted(1, "w0");

        await trial.ReportProgress(1, Progress(20, new CurvePoint(10, 50, 30), new CurvePoint(20, 48, 35)), "w0");
        // A resumed run measures step 20 again (and an old attempt's report is dropped whole).
        await trial.ReportProgress(1, Progress(30, new CurvePoint(20, 1, 1), new CurvePoint(30, 45, 40)), "w0");
        await trial.ReportProgress(0, Progress(40, new CurvePoint(40, 0, 0)), "w0");

        CurvePoint[] expected = [new(10, 50, 30), new(20, 48, 35), new(30, 45, 40)];
        Assert.Equal(expected, (await trial.GetSnapshot()).Curve.AsEnumerable());
    }

    private static JobProgress Progress(int step, params CurvePoint[] points) => new(step, 100, 1.0, 10) { Curve = [.. points] };
}
