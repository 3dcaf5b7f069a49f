using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Tests.Support;
using LoRASculpt.Sweeps.Synthetic;

namespace LoRASculpt.Grains.Tests.Orchestration;

public sealed class BayesSweepTests
{
    private static SweepSpec Spec(int runCap, int maxConcurrent) => new(
        Name: "bayes",
        BaseModel: "tiny-llava",
        TargetTask: "icon-mc",
        SourceTasks: ["shape-vqa", "text-ocr"],
        Methods: ["lora"],
        Grid: GridKind.Bayes,
        Parameters: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
            [KeyValuePair.Create(SyntheticTrialParameters.DurationMs, ImmutableArray.Create("20"))]),
        Points: [],
        MaxTrials: 1000,
        EvalShards: 1,
        ExecutorKind: SyntheticTrialParameters.Kind,
        Distributions: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
            [KeyValuePair.Create("lr", new ParameterDistribution(DistributionKind.LogUniformValues, [], [], Min: 1e-5, Max: 1e-2))]),
        RunCap: runCap,
        SearchSeed: 3,
        Metric: new SweepMetric(["avg"], Minimize: false),
        MaxConcurrent: maxConcurrent);

    [Fact]
    public async Task A_bayes_sweep_proposes_trials_as_others_finish_until_run_cap()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 4);
        var submission = await cluster.Sweeps.SubmitAsync(Spec(runCap: 7, maxConcurrent: 2));
        // The plan starts with max_concurrent trials; the rest are proposed from finished ones.
        Assert.Equal(2, submission.Status.Total);

        var status = await cluster.WaitUntilFinishedAsync(submission.SweepId);
        var results = (await cluster.Sweeps.GetResultsAsync(submission.SweepId))!;

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(7, status.Completed);
        Assert.Equal(7, results.Rows.Length);
        Assert.Equal(7, results.Rows.Select(r => r.SweptValues["lr"]).Distinct().Count());
        Assert.All(results.Rows, r => Assert.Equal(TrialStatus.Completed, r.Status));
        Assert.Equal(["lr"], results.SweptAxes.ToArray());
        Assert.Equal(7, cluster.Log.TotalTrainings);
    }

    [Fact]
    public async Task A_bayes_sweep_whose_first_points_another_sweep_already_ran_still_runs_until_run_cap()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 4);
        // Same space and seed, smaller cap: the second sweep's first proposals are trials the first one completed.
        var first = await cluster.Sweeps.SubmitAsync(Spec(runCap: 3, maxConcurrent: 3) with { Name = "bayes-first" });
        await cluster.WaitUntilFinishedAsync(first.SweepId);

        var second = await cluster.Sweeps.SubmitAsync(Spec(runCap: 6, maxConcurrent: 3));
        var status = await cluster.WaitUntilFinishedAsync(second.SweepId);
        var results = (await cluster.Sweeps.GetResultsAsync(second.SweepId))!;

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(6, status.Completed);
        Assert.Equal(6, results.Rows.Select(r => r.TrialId).Distinct().Count());
        // The three shared trials trained once, for the first sweep.
        Assert.Equal(6, cluster.Log.TotalTrainings);
    }
}
