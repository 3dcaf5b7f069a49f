using System.Collections.Immutable;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Cli.Rendering;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Cli.Tests.Sweep;

/// <summary>The plain progress lines (redirected output) and the exit code of a finished sweep.</summary>
public sealed class SweepProgressTextTests
{
    private static readonly DateTime Submitted = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static SweepResults Plan() => new("s-0123456789ab", "demo", SweepState.Running, ["alpha"],
    [
        new("t-aaaaaaaaaaaaaaaa", "lora", ImmutableSortedDictionary<string, string>.Empty, TrialStatus.Queued, 0, null, null),
        new("t-bbbbbbbbbbbbbbbb", "lorasculpt", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("alpha", "1E-05")]), TrialStatus.Queued, 0, null, null),
    ], null, null, null);

    private static TrialSnapshot Snapshot(string id, TrialStatus status, TrialProgress? progress, int attempt = 1) =>
        new(id, status, attempt, progress, null, null, null, 3, 8, 1, Submitted);

    private static SweepStatus Status(SweepState state, int completed, int failed, params TrialSnapshot[] running) =>
        new("s-0123456789ab", "demo", state, 10, 10 - completed - failed - running.Length,
            running.Count(r => r.Status == TrialStatus.Training), running.Count(r => r.Status == TrialStatus.Evaluating),
            completed, failed, 0, [.. running], Submitted, null);

    [Fact]
    public void A_training_trial_shows_method_swept_values_step_loss_throughput_and_eta()
    {
        var trial = Snapshot("t-bbbbbbbbbbbbbbbb", TrialStatus.Training, new TrialProgress(40, 100, 1.234567, 52.06, TimeSpan.FromSeconds(91), "w0"), attempt: 2);

        var row = RunningTrialRow.From(trial, new TrialLabels(Plan()));

        Assert.Equal("t-bbbbbbbb lorasculpt alpha=1e-05 training (attempt 2) 40/100 loss 1.2346 52.1 samples/s ETA 1:31", PlainSweepProgressView.TrialLine(row));
    }

    [Fact]
    public void A_trial_with_a_forgetting_curve_shows_its_latest_point()
    {
        var trial = Snapshot("t-bbbbbbbbbbbbbbbb", TrialStatus.Training, new TrialProgress(60, 100, 1.5, 50, null, "w0")) with
        {
            Curve = [new CurvePoint(25, 60.125, 20), new CurvePoint(50, 55.5, 31.25)],
        };

        var row = RunningTrialRow.From(trial, new TrialLabels(Plan()));

        Assert.Equal("t-bbbbbbbb lorasculpt alpha=1e-05 training 60/100 loss 1.5000 50.0 samples/s curve at step 50: source 55.50 target 31.25", PlainSweepProgressView.TrialLine(row));
    }

    [Fact]
    public void A_trial_getting_its_base_model_says_so_with_the_base_models_steps_and_loss()
    {
        var labels = new TrialLabels(Plan());

        var pretraining = RunningTrialRow.From(Snapshot("t-aaaaaaaaaaaaaaaa", TrialStatus.Training,
            new TrialProgress(300, 1500, 2.5, 0, null, "w0", TrainingPhase.PretrainingBase)), labels);
        var waiting = RunningTrialRow.From(Snapshot("t-aaaaaaaaaaaaaaaa", TrialStatus.Training,
            new TrialProgress(0, 0, double.NaN, 0, null, "w0", TrainingPhase.WaitingForBase)), labels);

        Assert.Equal("t-aaaaaaaa lora pretraining base model 300/1500 loss 2.5000", PlainSweepProgressView.TrialLine(pretraining));
        Assert.Equal("t-aaaaaaaa lora waiting for base model", PlainSweepProgressView.TrialLine(waiting));
    }

    [Fact]
    public void An_evaluating_trial_shows_its_shards_and_a_starting_one_shows_no_numbers()
    {
        var labels = new TrialLabels(Plan());

        var evaluating = RunningTrialRow.From(Snapshot("t-aaaaaaaaaaaaaaaa", TrialStatus.Evaluating, null), labels);
        var starting = RunningTrialRow.From(Snapshot("t-aaaaaaaaaaaaaaaa", TrialStatus.Training, new TrialProgress(0, 0, double.NaN, 0, null, "w0")), labels);

        Assert.Equal("t-aaaaaaaa lora evaluating shards 3/8", PlainSweepProgressView.TrialLine(evaluating));
        Assert.Equal("t-aaaaaaaa lora starting", PlainSweepProgressView.TrialLine(starting));
    }

    [Fact]
    public void The_summary_line_counts_every_state()
    {
        var status = Status(SweepState.Running, 3, 1, Snapshot("t-aaaaaaaaaaaaaaaa", TrialStatus.Evaluating, null));

        Assert.Equal("[1:02:03] 4/10 trials finished (3 completed, 1 failed), 1 running, 5 queued",
            PlainSweepProgressView.Line(status, new TrialLabels(Plan()), new TimeSpan(1, 2, 3)));
        Assert.Equal("[0:07] 10/10 trials finished (10 completed, 0 failed), 0 running, 0 queued - sweep completed",
            PlainSweepProgressView.Line(Status(SweepState.Completed, 10, 0), new TrialLabels(Plan()), TimeSpan.FromSeconds(7)));
    }

    [Theory]
    [InlineData(SweepState.Completed, 0, SweepExitCodes.Success)]
    [InlineData(SweepState.Completed, 2, SweepExitCodes.TrialsFailed)]
    [InlineData(SweepState.Cancelled, 0, SweepExitCodes.SweepCancelled)]
    [InlineData(SweepState.Cancelled, 2, SweepExitCodes.SweepCancelled)]
    public void A_finished_sweep_maps_to_its_exit_code(SweepState state, int failed, int expected) =>
        Assert.Equal(expected, SweepFollower.ExitCodeOf(Status(state, 10 - failed, failed)));
}
