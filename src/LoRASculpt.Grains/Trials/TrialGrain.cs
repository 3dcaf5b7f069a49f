using System.Collections.Immutable;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Calls;
using LoRASculpt.Grains.Evaluation;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Grains.Trials;

/// <summary>
/// The trial state machine (see <see cref="ITrialGrain"/>). Durable writes happen only where losing the
/// change would lose work: creation, training done (the adapter exists), result, failure, cancel, retry.
/// "Training" and progress are in memory: after a restart such a trial is simply queued again.
/// </summary>
public sealed partial class TrialGrain(
    [PersistentState("trial", OrchestrationStorage.Name)] IPersistentState<TrialState> state,
    IOptions<OrchestrationOptions> options,
    TimeProvider clock,
    ILogger<TrialGrain> logger) : Grain, ITrialGrain
{
    private readonly OrchestrationOptions _options = options.Value;
    private readonly RetryPolicy _retries = new(options.Value.MaxAttempts, options.Value.RetryBackoff);
    /// <summary>The current attempt's evaluation (created when first needed; outcomes live in memory, shards persist their own).</summary>
    private ShardedEvaluation? _evaluation;
    private TrialLifecycle? _lifecycle;
    private TrialProgress? _progress;
    /// <summary>
    /// The run's first progress report (time, step): the ETA extrapolates from there, because the time before it
    /// (loading or pretraining the base model) and the steps before it (a resumed checkpoint) say nothing about the rate.
    /// </summary>
    private (DateTime Utc, int Step)? _rateAnchor;
    /// <summary>When the current attempt's training was first heard of: a stopped-early trial's training time counts from here.</summary>
    private DateTime? _trainingStartedUtc;
    private long _version;
    private DateTime _lastNotifiedUtc;
    private IGrainTimer? _retryTimer;
    /// <summary>The trial's span (child of the sweep's, carried here by Orleans activity propagation); jobs carry its traceparent.</summary>
    private System.Diagnostics.Activity? _span;

    /// <summary>The grain's persisted state.</summary>
    private TrialState Stored => state.State;

    /// <summary>The one status model (durable status plus the in-memory "training"); see <see cref="TrialLifecycle"/>.</summary>
    private TrialLifecycle Lifecycle => _lifecycle ??= new TrialLifecycle(state.State);

    private string TrialId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Stored.Status == TrialStatus.Evaluating && Stored.Config is not null)
        {
            // Shard outcomes are durable in their own grains: pick up those that arrived before a restart.
            foreach (var job in CurrentEvaluation.Jobs)
            {
                var outcome = await GrainFactory.GetGrain<IEvalShardGrain>(job.JobId).GetOutcome();
                if (outcome is not null)
                    CurrentEvaluation.Record(job.JobId, outcome);
            }
            // Re-activated mid-evaluation (its silo was lost): quick shards were never made durable, so queue
            // whatever is missing again (the scheduler drops ids that are still queued or running).
            if (!CurrentEvaluation.IsComplete)
                EnqueuePendingInBackground();
        }
        else if (_options.ResumeSweepsOnStartup && Stored.Status is TrialStatus.Queued or TrialStatus.Training && Stored.Config is not null)
        {
            // Re-activated while waiting for training (its silo, or the silo holding its directory entry, died):
            // a pending retry timer died with the old activation, so queue the attempt's job again. Only where
            // running sweeps resume by themselves; in the embedded CLI a resume is the user's command.
            EnqueuePendingInBackground();
        }
        KeepAliveWhileRunning();
    }

    public async Task<TrialScheduling> EnsureScheduled(string sweepId, TrialConfig config, int evalShards)
    {
        var changed = Lifecycle.Create(config, evalShards, clock.GetUtcNow().UtcDateTime);
        if (!Stored.Sweeps.Contains(sweepId))
        {
            Stored.Sweeps.Add(sweepId);
            changed = true;
        }
        changed |= Stored.WithdrawnBy.Remove(sweepId);
        if (Stored.Status == TrialStatus.Cancelled)
        {
            // A resumed cancelled trial starts a new run; anything the cancelled run still reports is ignored.
            StartNewAttempt();
            changed = true;
        }
        if (changed)
            await state.WriteStateAsync();
        KeepAliveWhileRunning();

        if (Stored is { Status: TrialStatus.Completed, Result: { } done, CompletedUtc: { } at }) // repairs a missed entry; adds this sweep to it
            await LeaderboardRecording.TryRecordTrialAsync(GrainFactory, logger, TrialId, Stored.Config!, done, Stored.Sweeps, at);
        if (!Stored.Status.IsTerminal())
            _span ??= LoRASculptTracing.StartTrial(TrialId, sweepId);
        var jobs = Stored.Status.IsTerminal() ? [] : PendingJobs(sweepId);
        return new TrialScheduling(Snapshot(), jobs);
    }

    public async Task<TrialSnapshot> Cancel(string sweepId)
    {
        if (!Stored.Sweeps.Contains(sweepId) || Stored.WithdrawnBy.Contains(sweepId))
            return Snapshot();
        Stored.WithdrawnBy.Add(sweepId);
        var stillWanted = Stored.Sweeps.Any(s => !Stored.WithdrawnBy.Contains(s));
        if (Stored.Status.IsTerminal() || stillWanted)
        {
            await state.WriteStateAsync();
            return Snapshot();
        }

        Lifecycle.Cancel();
        AfterTransition();
        _retryTimer?.Dispose();
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.Key).CancelTrialJobs(TrialId);
        LogCancelled(TrialId);
        return Changed();
    }

    public async Task<TrialSnapshot> StopEarly(string sweepId, string reason)
    {
        // Only while training is still to come or running (durably queued): evaluating and terminal trials have nothing left to save.
        if (!Stored.Sweeps.Contains(sweepId) || Stored.Status != TrialStatus.Queued)
            return Snapshot();
        var asked = !Stored.StopRequestedBy.Contains(sweepId);
        if (asked)
            Stored.StopRequestedBy.Add(sweepId);
        // A trial is shared by every sweep that planned its config: one that still wants it whole keeps it running.
        var stillWanted = Stored.Sweeps.Any(s => !Stored.WithdrawnBy.Contains(s) && !Stored.StopRequestedBy.Contains(s));
        if (stillWanted)
        {
            if (asked)
                await state.WriteStateAsync();
            return Snapshot();
        }

        var trained = _trainingStartedUtc is { } started ? clock.GetUtcNow().UtcDateTime - started : TimeSpan.Zero;
        Lifecycle.StopEarly(StoppedEarlyResult.From(Stored.Curve, trained, ""), reason, clock.GetUtcNow().UtcDateTime);
        AfterTransition();
        _retryTimer?.Dispose();
        await state.WriteStateAsync();
        // Cancelling the running job frees its worker slot now, not at the end of the training it would have finished.
        await GrainFactory.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.Key).CancelTrialJobs(TrialId);
        LoRASculptMetrics.TrialsStoppedEarly.Add(1);
        LogStoppedEarly(TrialId, reason);
        return Changed();
    }

    public Task<TrialSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task ReportTrainingStarted(int attempt, string workerId)
    {
        if (!Lifecycle.TrainingStarted(attempt))
            return Task.CompletedTask;
        _rateAnchor = null;
        _trainingStartedUtc = clock.GetUtcNow().UtcDateTime;
        _progress = new TrialProgress(0, 0, double.NaN, 0, null, workerId);
        Changed();
        return Task.CompletedTask;
    }

    public async Task ReportProgress(int attempt, JobProgress progress, string workerId)
    {
        if (!Lifecycle.TrainingProgressed(attempt))
            return;
        _trainingStartedUtc ??= clock.GetUtcNow().UtcDateTime;
        // Curve points are few (one per eval_every steps) and cannot be measured again once training moved on: kept durably.
        if (ForgettingCurve.Merge(Stored.Curve, progress.Curve))
            await state.WriteStateAsync();
        if (progress.Phase != TrainingPhase.FineTuning)
        {
            // The base model's steps say nothing about when fine-tuning ends: no ETA, and no rate anchor yet.
            _progress = new TrialProgress(progress.Step, progress.TotalSteps, progress.Loss, progress.SamplesPerSecond, null, workerId, progress.Phase);
            Changed();
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var anchor = _rateAnchor ??= (now, progress.Step);
        TimeSpan? eta = progress.Step > anchor.Step && progress.TotalSteps >= progress.Step
            ? (now - anchor.Utc) / (progress.Step - anchor.Step) * (progress.TotalSteps - progress.Step)
            : null;
        _progress = new TrialProgress(progress.Step, progress.TotalSteps, progress.Loss, progress.SamplesPerSecond, eta, workerId);
        Changed();
    }

    public async Task ReportTrainingCompleted(int attempt, TrainingOutcome outcome)
    {
        if (!Lifecycle.TrainingCompleted(attempt, outcome))
        {
            LogIgnoredReport(TrialId, "training completed", attempt, Stored.Attempt, Stored.Status);
            return;
        }
        _evaluation = null;
        AfterTransition();
        // A long training run is checkpointed here; a short one is cheaper to redo after a restart than to write.
        // New curve points are written either way: the outcome is the only copy of those whose progress report was lost.
        if (ForgettingCurve.Merge(Stored.Curve, outcome.Curve) || outcome.Duration >= _options.CheckpointThreshold)
            await state.WriteStateAsync();
        Changed();
        await EnqueueAsync(PendingJobs(OwnerSweep()));
    }

    public async Task ReportShardCompleted(int attempt, EvalShardOutcome outcome)
    {
        var jobId = JobIds.EvalShard(TrialId, attempt, outcome.Dataset, outcome.ShardIndex, outcome.ShardCount);
        if (!Lifecycle.AcceptsShard(attempt) || !CurrentEvaluation.Record(jobId, outcome))
        {
            LogIgnoredReport(TrialId, "shard completed", attempt, Stored.Attempt, Stored.Status);
            return;
        }
        if (!CurrentEvaluation.IsComplete)
        {
            // Shard counts are progress: throttled like training progress (quick shards would be chatty).
            if (clock.GetUtcNow().UtcDateTime - _lastNotifiedUtc >= _options.ProgressInterval)
                Changed();
            return;
        }

        TrialResult result;
        try
        {
            result = CurrentEvaluation.Score(Stored.Training!);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            await FailAsync(JobFailureKind.Deterministic, $"scoring failed: {e.Message}");
            return;
        }
        var completedUtc = clock.GetUtcNow().UtcDateTime;
        Lifecycle.Complete(result, completedUtc);
        AfterTransition();
        await state.WriteStateAsync();
        LoRASculptMetrics.TrialsCompleted.Add(1);
        await LeaderboardRecording.TryRecordTrialAsync(GrainFactory, logger, TrialId, Stored.Config!, result, Stored.Sweeps, completedUtc);
        KeepAliveWhileRunning();
        LogCompleted(TrialId, result.Source, result.Target, result.Avg);
        Changed();
    }

    public async Task ReportJobFailed(string jobId, int attempt, JobFailureKind kind, string reason)
    {
        if (!Lifecycle.AcceptsFailure(attempt))
        {
            LogIgnoredReport(TrialId, "job failed", attempt, Stored.Attempt, Stored.Status);
            return;
        }
        LogJobFailed(TrialId, jobId, kind, reason);
        var failures = Stored.TransientFailures + 1;
        if (_retries.GivesUp(kind, failures))
        {
            var why = kind == JobFailureKind.Deterministic ? reason : $"{reason} (gave up after {failures} transient failures)";
            await FailAsync(kind, why);
            return;
        }

        Lifecycle.TransientFailure(kind, reason);
        var isTraining = jobId == JobIds.Training(TrialId, attempt);
        if (isTraining)
            StartNewAttempt();
        await state.WriteStateAsync();
        Changed();

        // Retry only what failed: a lost training run restarts (from its checkpoint), a lost shard re-runs alone.
        var retry = isTraining ? PendingJobs(OwnerSweep()) : PendingJobs(OwnerSweep()).Where(j => j.JobId == jobId).ToImmutableArray();
        var backoff = _retries.Backoff(failures);
        if (backoff <= TimeSpan.Zero)
        {
            await EnqueueAsync(retry);
            return;
        }
        _retryTimer?.Dispose();
        _retryTimer = this.RegisterGrainTimer(
            () => EnqueueAsync(retry),
            new GrainTimerCreationOptions(backoff, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>Lost if it fails: a resume or reconcile re-enqueues the trial's pending jobs.</summary>
    private void EnqueuePendingInBackground() =>
        BackgroundCalls.Forget(() => EnqueueAsync(PendingJobs(OwnerSweep())), logger, $"Trial {TrialId}: re-queueing its pending jobs");

    private async Task FailAsync(JobFailureKind kind, string reason)
    {
        Lifecycle.Fail(kind, reason, clock.GetUtcNow().UtcDateTime);
        AfterTransition();
        await state.WriteStateAsync();
        LoRASculptMetrics.TrialsFailed.Add(1);
        KeepAliveWhileRunning();
        LogFailed(TrialId, kind, reason);
        Changed();
    }

    private void StartNewAttempt()
    {
        Lifecycle.StartNewAttempt();
        _evaluation = null;
        _progress = null;
        _rateAnchor = null;
        _trainingStartedUtc = null;
        AfterTransition();
    }

    /// <summary>The in-memory views follow the new status: a finished trial's span ends, progress is kept while queued or evaluating.</summary>
    private void AfterTransition()
    {
        var status = Stored.Status;
        if (status.IsTerminal())
        {
            _span?.Dispose();
            _span = null;
        }
        if (status != TrialStatus.Queued)
            _progress = status == TrialStatus.Evaluating ? _progress : null;
    }

    private int ShardCount => TrialScoring.Datasets(Stored.Config!).Length * Stored.EvalShards;

    /// <summary>The current attempt's shards of its adapter (reset when the attempt or its training changes).</summary>
    private ShardedEvaluation CurrentEvaluation
    {
        get
        {
            var attempt = Stored.Attempt;
            return _evaluation ??= new ShardedEvaluation(Stored.Config!, Stored.EvalShards, TrialId, attempt, Stored.Training?.AdapterKey ?? "",
                (dataset, shard, count) => JobIds.EvalShard(TrialId, attempt, dataset, shard, count));
        }
    }

    /// <summary>The work still needed for the current attempt, charged to <paramref name="sweepId"/>.</summary>
    private ImmutableArray<QueuedJob> PendingJobs(string sweepId) => Traced(Stored.Status switch
    {
        TrialStatus.Queued or TrialStatus.Training =>
            [QueuedJob.ForTrial(sweepId, new TrainingJob(JobIds.Training(TrialId, Stored.Attempt), TrialId, Stored.Attempt, Stored.Config!))],
        TrialStatus.Evaluating =>
            [.. CurrentEvaluation.Missing.Select(j => QueuedJob.ForTrial(sweepId, j))],
        _ => [],
    });

    private ImmutableArray<QueuedJob> Traced(ImmutableArray<QueuedJob> jobs) =>
        _span is null ? jobs : [.. jobs.Select(j => j with { TraceParent = _span.Id })];

    private string OwnerSweep() => Stored.Sweeps.FirstOrDefault(s => !Stored.WithdrawnBy.Contains(s)) ?? Stored.Sweeps.FirstOrDefault() ?? "";

    private Task EnqueueAsync(ImmutableArray<QueuedJob> jobs)
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
        return jobs.IsEmpty || Stored.Status.IsTerminal()
            ? Task.CompletedTask
            : GrainFactory.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.Key).Enqueue(jobs);
    }

    /// <summary>A trial waiting for work keeps its in-memory view (progress, subscribers' notifications) until it is done.</summary>
    private void KeepAliveWhileRunning()
    {
        if (!Stored.Status.IsTerminal() && Stored.Config is not null)
            DelayDeactivation(TimeSpan.FromDays(1));
    }

    private TrialSnapshot Snapshot() => new(
        TrialId,
        Lifecycle.Status,
        Math.Max(1, Stored.Attempt),
        _progress,
        Stored.Result,
        Stored.FailureReason,
        Stored.FailureKind,
        _evaluation?.Received ?? 0,
        Stored.Status == TrialStatus.Evaluating || Stored.Status == TrialStatus.Completed ? ShardCount : 0,
        _version,
        clock.GetUtcNow().UtcDateTime)
    {
        Curve = [.. Stored.Curve],
        StopReason = Stored.StopReason,
    };

    /// <summary>Bumps the version and tells every subscribed sweep (fire-and-forget: sweeps only update views).</summary>
    private TrialSnapshot Changed()
    {
        // Versions stay increasing across re-activations because they start from the clock.
        _lastNotifiedUtc = clock.GetUtcNow().UtcDateTime;
        _version = Math.Max(_version + 1, _lastNotifiedUtc.Ticks);
        var snapshot = Snapshot();
        foreach (var sweepId in Stored.Sweeps)
            BackgroundCalls.Forget(() => GrainFactory.GetGrain<ISweepGrain>(sweepId).OnTrialChanged(snapshot), logger, $"Trial {TrialId}: notifying sweep {sweepId}");
        return snapshot;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trial {TrialId}: ignored {Report} for attempt {Attempt} (current attempt {Current}, status {Status})")]
    private partial void LogIgnoredReport(string trialId, string report, int attempt, int current, TrialStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trial {TrialId} completed: Source {Source:F2}, Target {Target:F2}, Avg {Avg:F2}")]
    private partial void LogCompleted(string trialId, double source, double target, double avg);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId}: job {JobId} failed ({Kind}): {Reason}")]
    private partial void LogJobFailed(string trialId, string jobId, JobFailureKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId} failed ({Kind}): {Reason}")]
    private partial void LogFailed(string trialId, JobFailureKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trial {TrialId} stopped early {Reason}")]
    private partial void LogStoppedEarly(string trialId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trial {TrialId} cancelled")]
    private partial void LogCancelled(string trialId);
}
