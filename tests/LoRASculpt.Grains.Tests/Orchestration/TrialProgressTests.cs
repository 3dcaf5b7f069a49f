using System.Collections.Immutable;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LoRASculpt.Grains.Tests.Orchestration;

public sealed class TrialProgressTests
{
    [Fact]
    public async Task The_eta_extrapolates_the_step_rate_since_the_first_report_not_since_the_job_started()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 0, clock: clock);
        var trial = await TrainingTrialAsync(cluster);

        clock.Advance(TimeSpan.FromSeconds(100)); // the base model is pretrained inside the job first
        await trial.ReportProgress(1, new JobProgress(Step: 30, TotalSteps: 150, Loss: 2.0, SamplesPerSecond: 50), "w0"); // resumed at step 30
        Assert.Null((await trial.GetSnapshot()).Progress!.Eta);

        clock.Advance(TimeSpan.FromSeconds(10));
        await trial.ReportProgress(1, new JobProgress(Step: 50, TotalSteps: 150, Loss: 1.5, SamplesPerSecond: 50), "w0");

        // 20 steps in 10 s, 100 steps to go: 50 s (counting from the job's start would say 220 s).
        Assert.Equal(TimeSpan.FromSeconds(50), (await trial.GetSnapshot()).Progress!.Eta);
    }

    [Fact]
    public async Task Base_model_steps_are_shown_as_their_phase_without_an_eta_and_the_eta_counts_from_fine_tuning()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 0, clock: clock);
        var trial = await TrainingTrialAsync(cluster);

        await trial.ReportProgress(1, new JobProgress(0, 0, double.NaN, 0, TrainingPhase.WaitingForBase), "w0");
        Assert.Equal(TrainingPhase.WaitingForBase, (await trial.GetSnapshot()).Progress!.Phase);
        clock.Advance(TimeSpan.FromSeconds(60));
        await trial.ReportProgress(1, new JobProgress(300, 1500, 3.5, 0, TrainingPhase.PretrainingBase), "w0");
        clock.Advance(TimeSpan.FromSeconds(60));
        await trial.ReportProgress(1, new JobProgress(900, 1500, 2.5, 0, TrainingPhase.PretrainingBase), "w0");
        var pretraining = (await trial.GetSnapshot()).Progress!;
        Assert.Equal((TrainingPhase.PretrainingBase, 900, 1500, (TimeSpan?)null), (pretraining.Phase, pretraining.Step, pretraining.TotalSteps, pretraining.Eta));

        clock.Advance(TimeSpan.FromSeconds(60));
        await trial.ReportProgress(1, new JobProgress(10, 150, 2.0, 50), "w0");
        clock.Advance(TimeSpan.FromSeconds(10));
        await trial.ReportProgress(1, new JobProgress(30, 150, 1.8, 50), "w0");

        // 20 fine-tuning steps in 10 s, 120 to go: 60 s; the base model's 900 steps play no part.
        var fineTuning = (await trial.GetSnapshot()).Progress!;
        Assert.Equal((TrainingPhase.FineTuning, (TimeSpan?)TimeSpan.FromSeconds(60)), (fineTuning.Phase, fineTuning.Eta));
    }

    /// <summary>A trial whose first training attempt started on worker "w0" (no worker slots: reports come from the test).</summary>
    private static async Task<ITrialGrain> TrainingTrialAsync(OrchestrationCluster cluster)
    {
        var trial = cluster.Client.GetGrain<ITrialGrain>("t-progress");
        var config = new TrialConfig("tiny-llava", "icon-mc", ["text-ocr"], "lora", ImmutableSortedDictionary<string, string>.Empty, "synthetic");
        await trial.EnsureScheduled("s-progress", config, evalShards: 1);
        await trial.ReportTrainingStarted(1, "w0");
        return trial;
    }
}
