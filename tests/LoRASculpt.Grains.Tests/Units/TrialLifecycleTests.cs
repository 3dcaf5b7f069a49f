using System.Collections.Immutable;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Trials;

namespace LoRASculpt.Grains.Tests.Units;

/// <summary>The trial status model without a cluster: each transition, and the reports each status ignores.</summary>
public sealed class TrialLifecycleTests
{
    private static readonly TrialConfig Config = new("tiny-llava", "icon-mc", ["text-ocr"], "lora", ImmutableSortedDictionary<string, string>.Empty, "synthetic");
    private static readonly DateTime Now = new(2026, 11, 30, 20, 0, 0, DateTimeKind.Utc);

    private static readonly TrainingOutcome Trained = new("adapters/t1/a1",
        new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, 0, ImmutableSortedDictionary<string, string>.Empty), TimeSpan.FromSeconds(1), 0);

    private static (TrialState State, TrialLifecycle Lifecycle) Created()
    {
        var state = new TrialState();
        var lifecycle = new TrialLifecycle(state);
        Assert.True(lifecycle.Create(Config, evalShards: 0, Now));
        return (state, lifecycle);
    }

    [Fact]
    public void Creation_queues_attempt_one_once()
    {
        var (state, lifecycle) = Created();

        Assert.Equal((TrialStatus.Queued, 1, 1, Now), (lifecycle.Status, state.Attempt, state.EvalShards, state.CreatedUtc));
        Assert.False(lifecycle.Create(Config with { Method = "dora" }, 4, Now.AddHours(1)));
        Assert.Equal(("lora", 1), (state.Config!.Method, state.EvalShards));
    }

    [Fact]
    public void Training_is_a_live_status_over_a_durable_queued_one()
    {
        var (state, lifecycle) = Created();

        Assert.True(lifecycle.TrainingStarted(1));
        Assert.Equal((TrialStatus.Training, TrialStatus.Queued), (lifecycle.Status, state.Status));
        Assert.False(lifecycle.TrainingStarted(1));
        Assert.True(lifecycle.TrainingProgressed(1));

        // After a restart only the durable state is left: the trial is queued again.
        Assert.Equal(TrialStatus.Queued, new TrialLifecycle(state).Status);
    }

    [Fact]
    public void A_progress_report_implies_training_started()
    {
        var (_, lifecycle) = Created();

        Assert.True(lifecycle.TrainingProgressed(1));
        Assert.Equal(TrialStatus.Training, lifecycle.Status);
    }

    [Fact]
    public void Completed_training_starts_evaluation_once_and_evaluation_ends_in_a_result()
    {
        var (state, lifecycle) = Created();
        lifecycle.TrainingStarted(1);

        Assert.True(lifecycle.TrainingCompleted(1, Trained));
        Assert.Equal((TrialStatus.Evaluating, TrialStatus.Evaluating), (lifecycle.Status, state.Status));
        Assert.False(lifecycle.TrainingCompleted(1, Trained));
        Assert.False(lifecycle.TrainingProgressed(1));
        Assert.True(lifecycle.AcceptsShard(1));

        var result = new TrialResult([], 10, 20, 15, Trained.Diagnostics, TimeSpan.Zero, TimeSpan.Zero, Trained.AdapterKey, "synthetic-1", 0);
        lifecycle.Complete(result, Now.AddMinutes(5));

        Assert.Equal((TrialStatus.Completed, result, Now.AddMinutes(5)), (lifecycle.Status, state.Result, state.CompletedUtc));
        Assert.False(lifecycle.AcceptsShard(1));
        Assert.False(lifecycle.AcceptsFailure(1));
    }

    [Fact]
    public void Reports_of_another_attempt_are_ignored()
    {
        var (_, lifecycle) = Created();

        Assert.False(lifecycle.TrainingStarted(2));
        Assert.False(lifecycle.TrainingProgressed(0));
        Assert.False(lifecycle.TrainingCompleted(2, Trained));
        Assert.False(lifecycle.AcceptsFailure(2));
        Assert.Equal(TrialStatus.Queued, lifecycle.Status);
    }

    [Fact]
    public void A_new_attempt_drops_the_old_runs_training_and_ignores_its_reports()
    {
        var (state, lifecycle) = Created();
        lifecycle.TrainingStarted(1);
        lifecycle.TrainingCompleted(1, Trained);

        Assert.Equal(1, lifecycle.TransientFailure(JobFailureKind.Transient, "worker lost"));
        lifecycle.StartNewAttempt();

        Assert.Equal((TrialStatus.Queued, 2, null, 1, "worker lost"), (lifecycle.Status, state.Attempt, state.Training, state.TransientFailures, state.FailureReason));
        Assert.False(lifecycle.AcceptsShard(1));
        Assert.True(lifecycle.TrainingStarted(2));
    }

    [Fact]
    public void Failure_and_cancel_are_terminal_until_a_resume_starts_a_new_attempt()
    {
        var (state, lifecycle) = Created();
        lifecycle.TrainingStarted(1);

        lifecycle.Fail(JobFailureKind.Deterministic, "NaN loss", Now);
        Assert.Equal((TrialStatus.Failed, JobFailureKind.Deterministic, "NaN loss", true), (lifecycle.Status, state.FailureKind, state.FailureReason, lifecycle.IsTerminal));
        Assert.False(lifecycle.AcceptsFailure(1));

        var (_, cancelled) = Created();
        cancelled.TrainingStarted(1);
        cancelled.Cancel();
        Assert.Equal((TrialStatus.Cancelled, true), (cancelled.Status, cancelled.IsTerminal));
        cancelled.StartNewAttempt();
        Assert.Equal((TrialStatus.Queued, 2, false), (cancelled.Status, cancelled.Attempt, cancelled.IsTerminal));
    }

    private static readonly TrialResult CurveResult = StoppedEarlyResult.From([new CurvePoint(50, 60, 20), new CurvePoint(100, 58, 30)], TimeSpan.FromSeconds(7), "");

    [Fact]
    public void Early_termination_stops_a_queued_or_training_trial_for_good_with_its_last_curve_point_as_result()
    {
        var (state, lifecycle) = Created();
        Assert.True(lifecycle.TrainingStarted(1));

        Assert.True(lifecycle.StopEarly(CurveResult, "at step 100", Now));

        Assert.Equal((TrialStatus.StoppedEarly, TrialStatus.StoppedEarly, "at step 100", Now), (lifecycle.Status, state.Status, state.StopReason, state.CompletedUtc));
        Assert.Equal((58.0, 30.0, 44.0, TimeSpan.FromSeconds(7)), (state.Result!.Source, state.Result.Target, state.Result.Avg, state.Result.TrainingTime));
        Assert.Empty(state.Result.Tasks);
        Assert.Equal("", state.Result.AdapterKey);
        Assert.True(lifecycle.IsTerminal);
        // Nothing of the stopped run is taken any more, and it is not stopped twice.
        Assert.False(lifecycle.TrainingProgressed(1));
        Assert.False(lifecycle.TrainingCompleted(1, Trained));
        Assert.False(lifecycle.AcceptsFailure(1));
        Assert.False(lifecycle.StopEarly(CurveResult, "again", Now));
        Assert.Equal("at step 100", state.StopReason);
    }

    [Fact]
    public void Once_training_is_over_a_trial_is_not_stopped_early()
    {
        var (state, lifecycle) = Created();
        Assert.True(lifecycle.TrainingCompleted(1, Trained));

        Assert.False(lifecycle.StopEarly(CurveResult, "at step 100", Now));
        Assert.Equal((TrialStatus.Evaluating, null), (state.Status, state.StopReason));

        var (failed, failing) = Created();
        failing.Fail(JobFailureKind.Deterministic, "nan", Now);
        Assert.False(failing.StopEarly(CurveResult, "at step 100", Now));
        Assert.Equal(TrialStatus.Failed, failed.Status);
    }

    [Fact]
    public void A_stopped_trial_without_a_curve_has_scores_that_are_not_numbers()
    {
        var result = StoppedEarlyResult.From([], TimeSpan.Zero, "");
        Assert.True(double.IsNaN(result.Source) && double.IsNaN(result.Target) && double.IsNaN(result.Avg));
    }
}
