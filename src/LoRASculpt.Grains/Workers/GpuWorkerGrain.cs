using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Placement;
using LoRASculpt.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace LoRASculpt.Grains.Workers;

/// <summary>
/// A worker slot (see <see cref="IGpuWorkerGrain"/>). Jobs run on the slot's <see cref="DedicatedJobThread"/>,
/// never inside a grain call: <see cref="Assign"/> only starts the run loop and returns. When a job ends the
/// loop reports its outcome (in the background) and asks the scheduler for the next job in the same call
/// that frees the worker, so an idle gap is one round trip.
/// </summary>
[SiloPinnedPlacement]
[KeepAlive]
public sealed partial class GpuWorkerGrain(
    JobExecutorCatalog catalog,
    ILocalSiloDetails localSilo,
    IOptions<OrchestrationOptions> options,
    ILogger<GpuWorkerGrain> logger) : Grain, IGpuWorkerGrain
{
    private const int ReportTries = 6;

    private readonly OrchestrationOptions _options = options.Value;
    /// <summary>Executors by trial kind, created lazily and reused; touched only on the job thread.</summary>
    private readonly Dictionary<string, IJobExecutor> _executors = new(StringComparer.Ordinal);
    private readonly ThrottledProgress _progress = new();
    private WorkerInfo? _info;
    private DedicatedJobThread? _thread;
    private JobAssignment? _running;
    private CancellationTokenSource? _cancellation;
    private bool _loopActive;
    /// <summary>Cancels that arrived before their job started here (the assignment and the cancel can cross).</summary>
    private readonly Queue<string> _earlyCancels = new();
    private JobAssignment? _pushed;
    private long _jobsRun;
    private long _jobsFailed;

    private string WorkerId => this.GetPrimaryKeyString();

    private IJobSchedulerGrain Scheduler => GrainFactory.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.Key);

    public async Task Start(WorkerInfo info)
    {
        if (info.WorkerId != WorkerId)
            throw new ArgumentException($"Worker '{WorkerId}' was started with the info of '{info.WorkerId}'.", nameof(info));
        if (_info is not null)
            return;
        _info = info;
        _thread = new DedicatedJobThread();
        this.RegisterGrainTimer(static self => self.SendProgressAsync(), this,
            new GrainTimerCreationOptions(_options.ProgressInterval, _options.ProgressInterval) { Interleave = true });
        this.RegisterGrainTimer(static self => self.HeartbeatAsync(), this,
            new GrainTimerCreationOptions(_options.HeartbeatInterval, _options.HeartbeatInterval) { Interleave = true });
        LogStarted(WorkerId, info.Device);
        LoRASculptMetrics.WorkerStarted(WorkerId);

        var first = await Scheduler.RegisterWorker(info);
        if (first is not null)
            StartLoop(first);
    }

    public Task<bool> Assign(JobAssignment assignment)
    {
        if (_info is null || assignment.WorkerId != WorkerId)
            return Task.FromResult(false);
        if (!_loopActive)
        {
            StartLoop(assignment);
            return Task.FromResult(true);
        }
        // The scheduler pushes only to workers it saw go idle, so a push that overtakes the idle reply
        // (JobFinished returned null, the loop has not seen it yet) is taken as the loop's next job.
        if (_running is not null || _pushed is not null)
            return Task.FromResult(false);
        _pushed = assignment;
        return Task.FromResult(true);
    }

    public Task CancelJob(string jobId)
    {
        if (_running?.Job.JobId == jobId)
        {
            LogCancelling(WorkerId, jobId);
            _cancellation?.Cancel();
        }
        else
        {
            _earlyCancels.Enqueue(jobId);
            if (_earlyCancels.Count > 256)
                _earlyCancels.Dequeue();
        }
        return Task.CompletedTask;
    }

    public Task<WorkerStatus> GetStatus() => Task.FromResult(new WorkerStatus(
        _info ?? new WorkerInfo(WorkerId, WorkerKeys.SiloOf(WorkerId).ToParsableString(), WorkerKeys.SlotOf(WorkerId), "", []),
        _running?.Job.JobId, _jobsRun, _jobsFailed, localSilo.SiloAddress.ToParsableString()));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _cancellation?.Cancel();
        if (_thread is not null)
        {
            await _thread.Run(() =>
            {
                foreach (var executor in _executors.Values)
                    executor.Dispose();
                _executors.Clear();
                return true;
            });
            _thread.Dispose();
        }
    }

    private void StartLoop(JobAssignment first)
    {
        _loopActive = true;
        _ = RunLoopAsync(first);
    }

    private async Task RunLoopAsync(JobAssignment first)
    {
        try
        {
            for (JobAssignment? next = first; next is not null;)
            {
                var busySince = System.Diagnostics.Stopwatch.GetTimestamp();
                var succeeded = await RunJobAsync(next);
                LoRASculptMetrics.WorkerBusy(WorkerId, System.Diagnostics.Stopwatch.GetElapsedTime(busySince));
                next = await FinishAsync(next.Job.JobId, succeeded) ?? _pushed;
                _pushed = null;
            }
        }
        finally
        {
            _loopActive = false;
        }
    }

    /// <summary>Runs the job and starts reporting its outcome; true when it succeeded.</summary>
    private async Task<bool> RunJobAsync(JobAssignment assignment)
    {
        var job = assignment.Job;
        using var cancellation = new CancellationTokenSource();
        _cancellation = cancellation;
        _running = assignment;
        _progress.Take();
        var token = cancellation.Token;
        using var span = LoRASculptTracing.StartJob(job.TraceParent, job.JobId, job.TrialId, WorkerId, job.EvalShard?.Dataset, job.EvalShard?.ShardIndex);
        if (_earlyCancels.Contains(job.JobId))
            cancellation.Cancel();
        try
        {
            token.ThrowIfCancellationRequested();
            if (job.Training is { } training)
            {
                _ = ReportAsync(job, "training started", () => Trial(job).ReportTrainingStarted(job.Attempt, WorkerId));
                var outcome = await _thread!.Run(() => Executor(job.TrialKind).Train(training, _progress, token));
                LoRASculptMetrics.TrainingFinished(outcome.Diagnostics.SamplesPerSecond, outcome.Diagnostics.MeanStepMilliseconds);
                _ = ReportAsync(job, "training completed", () => Trial(job).ReportTrainingCompleted(job.Attempt, outcome));
            }
            else
            {
                var shard = job.EvalShard!;
                var outcome = await _thread!.Run(() => Executor(job.TrialKind).EvaluateShard(shard, token));
                LoRASculptMetrics.EvalShardFinished(shard.Dataset, outcome.Items.Length, outcome.Duration);
                _ = ReportAsync(job, "shard completed", () => GrainFactory.GetGrain<IEvalShardGrain>(job.JobId).Complete(shard, outcome));
            }
            _jobsRun++;
            return true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            LogJobCancelled(WorkerId, job.JobId);
            return false;
        }
        catch (Exception e)
        {
            _jobsFailed++;
            var (kind, reason) = Classify(e);
            LogJobFailed(e, WorkerId, job.JobId, kind);
            _ = ReportAsync(job, "job failed", () => Trial(job).ReportJobFailed(job.JobId, job.Attempt, kind, reason));
            return false;
        }
        finally
        {
            _running = null;
            _cancellation = null;
        }
    }

    /// <summary>Frees the worker and returns its next job; retried because a lost reply would idle the worker until its next heartbeat.</summary>
    private async Task<JobAssignment?> FinishAsync(string jobId, bool succeeded)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Scheduler.JobFinished(_info!, jobId, succeeded);
            }
            catch (Exception e) when (attempt < ReportTries)
            {
                LogReportRetry(e, WorkerId, "job finished", jobId, attempt);
                await Task.Delay(RetryDelay(attempt));
            }
            catch (Exception e)
            {
                LogReportGaveUp(e, WorkerId, "job finished", jobId);
                return null;
            }
        }
    }

    private async Task ReportAsync(QueuedJob job, string what, Func<Task> report)
    {
        for (var attempt = 1; attempt <= ReportTries; attempt++)
        {
            try
            {
                await report();
                return;
            }
            catch (Exception e) when (attempt < ReportTries)
            {
                LogReportRetry(e, WorkerId, what, job.JobId, attempt);
                await Task.Delay(RetryDelay(attempt));
            }
            catch (Exception e)
            {
                LogReportGaveUp(e, WorkerId, what, job.JobId);
            }
        }
    }

    private static TimeSpan RetryDelay(int attempt) => TimeSpan.FromMilliseconds(100 * Math.Pow(3, attempt - 1));

    private async Task SendProgressAsync()
    {
        if (_running is not { Job.Training: not null } running || _progress.Take() is not { } progress)
            return;
        try
        {
            await Trial(running.Job).ReportProgress(running.Job.Attempt, progress, WorkerId);
        }
        catch (Exception e)
        {
            LogReportRetry(e, WorkerId, "progress", running.Job.JobId, 1);
        }
    }

    private async Task HeartbeatAsync()
    {
        if (_info is null)
            return;
        var running = _running;
        try
        {
            var keep = await Scheduler.Heartbeat(_info, running?.Job);
            if (!keep && running is not null && _running == running)
            {
                LogCancelling(WorkerId, running.Job.JobId);
                _cancellation?.Cancel();
            }
        }
        catch (Exception e)
        {
            LogReportRetry(e, WorkerId, "heartbeat", running?.Job.JobId ?? "-", 1);
        }
    }

    /// <summary>Runs on the job thread only.</summary>
    private IJobExecutor Executor(string trialKind)
    {
        if (!_executors.TryGetValue(trialKind, out var executor))
        {
            executor = catalog.Create(trialKind, WorkerId);
            _executors[trialKind] = executor;
        }
        return executor;
    }

    private ITrialGrain Trial(QueuedJob job) => GrainFactory.GetGrain<ITrialGrain>(job.TrialId);

    /// <summary>Executors say what kind of failure they hit; otherwise I/O and timeouts may pass, anything else will repeat.</summary>
    private static (JobFailureKind Kind, string Reason) Classify(Exception e) => e switch
    {
        JobFailedException failed => (failed.Kind, failed.Message),
        IOException or TimeoutException => (JobFailureKind.Transient, $"{e.GetType().Name}: {e.Message}"),
        _ => (JobFailureKind.Deterministic, $"{e.GetType().Name}: {e.Message}"),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} started on {Device}")]
    private partial void LogStarted(string workerId, string device);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} cancelling job {JobId}")]
    private partial void LogCancelling(string workerId, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId}: job {JobId} cancelled")]
    private partial void LogJobCancelled(string workerId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId}: job {JobId} failed ({Kind})")]
    private partial void LogJobFailed(Exception exception, string workerId, string jobId, JobFailureKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId}: reporting {What} for job {JobId} failed (try {Attempt}); retrying")]
    private partial void LogReportRetry(Exception exception, string workerId, string what, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {WorkerId}: gave up reporting {What} for job {JobId}")]
    private partial void LogReportGaveUp(Exception exception, string workerId, string what, string jobId);
}
