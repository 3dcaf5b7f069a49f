using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Calls;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Grains.Workers;

/// <summary>
/// The runtime of one worker slot (a GPU or a CPU slot) of this silo: its job thread, executors, the running
/// job, lease heartbeats and progress reports. It belongs to the silo process, not to a grain activation,
/// because the hardware does: when Orleans deactivates the slot's <see cref="WorkerSlotGrain"/> (for example
/// when another silo that held its directory entry dies), the running job carries on and the next activation
/// of the grain finds the same slot. Grain calls and the run loop meet under <see cref="_gate"/>.
/// </summary>
internal sealed partial class WorkerSlot : IAsyncDisposable
{
    private const int ReportTries = 6;

    private readonly IGrainFactory _grains;
    private readonly OrchestrationOptions _options;
    private readonly ILogger _logger;
    private readonly DedicatedJobThread _thread = new();
    /// <summary>Executors by trial kind, created lazily and reused; touched only on the job thread.</summary>
    private readonly Dictionary<string, IJobExecutor> _executors = new(StringComparer.Ordinal);
    private readonly Func<string, IJobExecutor> _createExecutor;
    private readonly ThrottledProgress _progress = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private readonly Task _timers;
    /// <summary>The running job, a pushed next job, early cancels: guarded by <see cref="_gate"/>.</summary>
    private readonly SlotJobs _jobs = new();
    private CancellationTokenSource? _cancellation;
    private Task _loop = Task.CompletedTask;
    private long _jobsRun;
    private long _jobsFailed;

    public WorkerSlot(WorkerInfo info, IGrainFactory grains, OrchestrationOptions options, Func<string, IJobExecutor> createExecutor, ILogger logger)
    {
        Info = info;
        _grains = grains;
        _options = options;
        _createExecutor = createExecutor;
        _logger = logger;
        _timers = Task.WhenAll(
            EveryAsync(options.ProgressInterval, SendProgressAsync),
            EveryAsync(options.HeartbeatInterval, HeartbeatAsync));
        LoRASculptMetrics.WorkerStarted(Info.WorkerId);
    }

    public WorkerInfo Info { get; }

    private string WorkerId => Info.WorkerId;

    private IJobSchedulerGrain Scheduler => _grains.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.Key);

    /// <summary>Registers with the scheduler and starts the job it hands back, if any.</summary>
    public async Task RegisterAsync()
    {
        var first = await Scheduler.RegisterWorker(Info);
        LogStarted(WorkerId, Info.Device);
        if (first is not null && !TryAccept(first))
            LogRejected(WorkerId, first.Job.JobId);
    }

    /// <summary>False when the slot is busy (the scheduler then keeps the job queued).</summary>
    public bool TryAccept(JobAssignment assignment)
    {
        if (assignment.WorkerId != WorkerId || _stopping.IsCancellationRequested)
            return false;
        lock (_gate)
        {
            var offer = _jobs.Take(assignment);
            if (offer == SlotJobs.Offer.StartsLoop)
                _loop = Task.Run(() => RunLoopAsync(assignment));
            return offer != SlotJobs.Offer.Refused;
        }
    }

    public void Cancel(string jobId)
    {
        lock (_gate)
        {
            if (!_jobs.Cancel(jobId))
                return;
            LogCancelling(WorkerId, jobId);
            _cancellation?.Cancel();
        }
    }

    public (string? RunningJobId, long JobsRun, long JobsFailed) Status()
    {
        lock (_gate)
            return (_jobs.Running?.Job.JobId, Interlocked.Read(ref _jobsRun), Interlocked.Read(ref _jobsFailed));
    }

    /// <summary>Silo shutdown: stops the running job and the timers, then frees the executors on their thread.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        lock (_gate)
            _cancellation?.Cancel();
        await Task.WhenAll(_timers, _loop).ConfigureAwait(false);
        await _thread.Run(() =>
        {
            foreach (var executor in _executors.Values)
                executor.Dispose();
            _executors.Clear();
            return true;
        }).ConfigureAwait(false);
        _thread.Dispose();
        _stopping.Dispose();
    }

    private async Task RunLoopAsync(JobAssignment first)
    {
        try
        {
            await RunJobsAsync(first);
        }
        catch (Exception e)
        {
            // Not expected (jobs' own failures are reported); free the slot so pushes are accepted again.
            LogLoopFailed(e, WorkerId);
            lock (_gate)
                _jobs.LoopFailed();
        }
    }

    private async Task RunJobsAsync(JobAssignment first)
    {
        for (JobAssignment? next = first; next is not null;)
        {
            var busySince = System.Diagnostics.Stopwatch.GetTimestamp();
            await RunJobAsync(next);
            LoRASculptMetrics.WorkerBusy(WorkerId, System.Diagnostics.Stopwatch.GetElapsedTime(busySince));
            var reply = await FinishAsync(next.Job.JobId);
            lock (_gate)
                next = _jobs.Next(reply);
        }
    }

    /// <summary>Runs the job and starts reporting its outcome (or failure) to the job's owner.</summary>
    private async Task RunJobAsync(JobAssignment assignment)
    {
        var job = assignment.Job;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        lock (_gate)
        {
            _cancellation = cancellation;
            if (_jobs.Start(assignment))
                cancellation.Cancel();
        }
        _progress.Take();
        var token = cancellation.Token;
        using var span = LoRASculptTracing.StartJob(job.TraceParent, job.JobId, job.TrialId, WorkerId, job.EvalShard?.Dataset, job.EvalShard?.ShardIndex);
        try
        {
            token.ThrowIfCancellationRequested();
            if (job.Training is { } training)
            {
                var owner = TrainingOwner(job);
                _ = ReportAsync(job, "training started", () => Trial(owner).ReportTrainingStarted(owner.Attempt, WorkerId));
                var outcome = await _thread.Run(() => Executor(job.ExecutorKind).Train(training, _progress, token));
                LoRASculptMetrics.TrainingFinished(outcome.Diagnostics.SamplesPerSecond, outcome.Diagnostics.MeanStepMilliseconds);
                _ = ReportAsync(job, "training completed", () => Trial(owner).ReportTrainingCompleted(owner.Attempt, outcome));
            }
            else
            {
                var shard = job.EvalShard!;
                var outcome = await _thread.Run(() => Executor(job.ExecutorKind).EvaluateShard(shard, token));
                LoRASculptMetrics.EvalShardFinished(shard.Dataset, outcome.Items.Length, outcome.Duration);
                _ = ReportAsync(job, "shard completed", () => _grains.GetGrain<IEvalShardGrain>(job.JobId).Complete(job.Owner, shard, outcome));
            }
            Interlocked.Increment(ref _jobsRun);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            LogJobCancelled(WorkerId, job.JobId);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _jobsFailed);
            var (kind, reason) = Classify(e);
            LogJobFailed(e, WorkerId, job.JobId, kind);
            _ = ReportAsync(job, "job failed", () => JobFailureReports.Send(_grains, job, kind, reason));
        }
        finally
        {
            lock (_gate)
            {
                _jobs.Stop();
                _cancellation = null;
            }
        }
    }

    /// <summary>Frees the worker and returns its next job; retried because a lost reply would idle the worker until its next heartbeat.</summary>
    private Task<JobAssignment?> FinishAsync(string jobId) =>
        BackgroundCalls.RetryAsync(() => Scheduler.JobFinished(Info, jobId), ReportTries, _logger,
            $"Worker {WorkerId}: reporting job {jobId} finished", fallback: null, _stopping.Token);

    /// <summary>Retried: a lost outcome costs a rerun (a lost progress report does not, and is sent once).</summary>
    private Task ReportAsync(QueuedJob job, string what, Func<Task> report) =>
        BackgroundCalls.RetryAsync(report, ReportTries, _logger, $"Worker {WorkerId}: reporting {what} for job {job.JobId}", _stopping.Token);

    private async Task EveryAsync(TimeSpan period, Func<Task> tick)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
                await tick();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendProgressAsync()
    {
        JobAssignment? running;
        lock (_gate)
            running = _jobs.Running;
        if (running is not { Job: { Training: not null, Owner: TrialAttemptOwner owner } } || _progress.Take() is not { } progress)
            return;
        try
        {
            await Trial(owner).ReportProgress(owner.Attempt, progress, WorkerId);
        }
        catch (Exception e)
        {
            LogReportRetry(e, WorkerId, "progress", running.Job.JobId, 1);
        }
    }

    /// <summary>
    /// Renews the running job's lease, and re-registers the slot with a scheduler that lost it (a restarted
    /// scheduler, or one that dropped the slot after a failed push).
    /// </summary>
    private async Task HeartbeatAsync()
    {
        JobAssignment? running;
        lock (_gate)
            running = _jobs.Running;
        try
        {
            var keep = await Scheduler.Heartbeat(Info, running?.Job);
            if (keep || running is null)
                return;
            lock (_gate)
            {
                if (_jobs.Running == running)
                {
                    LogCancelling(WorkerId, running.Job.JobId);
                    _cancellation?.Cancel();
                }
            }
        }
        catch (Exception e)
        {
            LogReportRetry(e, WorkerId, "heartbeat", running?.Job.JobId ?? "-", 1);
        }
    }

    /// <summary>Runs on the job thread only.</summary>
    private IJobExecutor Executor(string executorKind)
    {
        if (!_executors.TryGetValue(executorKind, out var executor))
        {
            executor = _createExecutor(executorKind);
            _executors[executorKind] = executor;
        }
        return executor;
    }

    private ITrialGrain Trial(TrialAttemptOwner owner) => _grains.GetGrain<ITrialGrain>(owner.TrialId);

    /// <summary>Training is always a trial attempt's (only trials train).</summary>
    private static TrialAttemptOwner TrainingOwner(QueuedJob job) =>
        job.Owner as TrialAttemptOwner ?? throw new JobFailedException(JobFailureKind.Deterministic, $"Training job {job.JobId} is not owned by a trial attempt ({job.Owner}).");

    /// <summary>
    /// Executors say what kind of failure they hit (the torch one through its own classifier); for anything else,
    /// I/O and timeouts may pass on a retry, and everything else would only fail again.
    /// </summary>
    private static (JobFailureKind Kind, string Reason) Classify(Exception e) => e switch
    {
        JobFailedException failed => (failed.Kind, failed.Message),
        IOException or TimeoutException => (JobFailureKind.Transient, $"{e.GetType().Name}: {e.Message}"),
        _ => (JobFailureKind.Deterministic, $"{e.GetType().Name}: {e.Message}"),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} started on {Device}")]
    private partial void LogStarted(string workerId, string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId} could not take job {JobId} handed out at registration; its lease will expire and it is retried")]
    private partial void LogRejected(string workerId, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {WorkerId}: run loop failed; the slot is free again")]
    private partial void LogLoopFailed(Exception exception, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} cancelling job {JobId}")]
    private partial void LogCancelling(string workerId, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId}: job {JobId} cancelled")]
    private partial void LogJobCancelled(string workerId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId}: job {JobId} failed ({Kind})")]
    private partial void LogJobFailed(Exception exception, string workerId, string jobId, JobFailureKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId}: reporting {What} for job {JobId} failed (try {Attempt}); retrying")]
    private partial void LogReportRetry(Exception exception, string workerId, string what, string jobId, int attempt);
}
