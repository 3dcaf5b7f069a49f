using System.Collections.Immutable;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Calls;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Sweeps;
using LoRASculpt.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LoRASculpt.Grains.Scheduling;

/// <summary>
/// The job queue and the worker roster (see <see cref="IJobSchedulerGrain"/>): a shell over <see cref="SchedulerState"/>
/// that does the messaging it asks for. It never awaits a worker inside a request: pushes to idle workers run as
/// background turns, so a worker calling in while it is being pushed to cannot deadlock with it. Busy workers are fed
/// through their <c>JobFinished</c> reply.
/// </summary>
[KeepAlive]
public sealed partial class JobSchedulerGrain(
    IOptions<OrchestrationOptions> options,
    TimeProvider clock,
    SweepRecovery recovery,
    ILogger<JobSchedulerGrain> logger) : Grain, IJobSchedulerGrain
{
    private readonly OrchestrationOptions _options = options.Value;
    /// <summary>Queued/running trial gauges, kept in step by <see cref="_state"/>.</summary>
    private readonly TrialLoad _load = new();
    private SchedulerState? _state;
    private IDisposable? _loadReporting;

    private SchedulerState State => _state ??= new SchedulerState(_options.LeaseDuration, _load);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = _options.LeaseDuration / 4;
        this.RegisterGrainTimer(static self => self.ExpireLeases(), this, new GrainTimerCreationOptions(period, period));
        _loadReporting = LoRASculptMetrics.ReportTrialLoad(_load, ServiceProvider.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
        // The queue starts empty: running sweeps re-enqueue what they still need (where sweeps resume by themselves).
        recovery.SchedulerActivated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _loadReporting?.Dispose();
        recovery.SchedulerDeactivated();
        return Task.CompletedTask;
    }

    public Task Enqueue(ImmutableArray<QueuedJob> jobs)
    {
        if (State.Enqueue(jobs) > 0)
            DispatchToIdleWorkers();
        return Task.CompletedTask;
    }

    public Task<JobAssignment?> RegisterWorker(WorkerInfo worker)
    {
        var (lost, next) = State.Register(worker, Now);
        if (lost is not null)
            ReportLost(lost, $"worker {worker.WorkerId} restarted");
        LogWorkerRegistered(worker.WorkerId, worker.Device, string.Join(",", worker.ExecutorKinds));
        return Task.FromResult(next);
    }

    public Task<JobAssignment?> JobFinished(WorkerInfo worker, string jobId) => Task.FromResult(State.Finished(worker, jobId, Now));

    public Task<bool> Heartbeat(WorkerInfo worker, QueuedJob? runningJob)
    {
        var keep = State.Heartbeat(worker, runningJob, Now, out var becameIdle);
        if (becameIdle)
            DispatchToIdleWorkers();
        return Task.FromResult(keep);
    }

    public Task CancelTrialJobs(string trialId)
    {
        var (removed, toStop) = State.CancelTrial(trialId);
        foreach (var assignment in toStop)
            _ = StopOnWorkerAsync(assignment);
        LogTrialJobsCancelled(trialId, removed);
        return Task.CompletedTask;
    }

    public Task<SchedulerStats> GetStats() => Task.FromResult(State.Stats());

    private void DispatchToIdleWorkers()
    {
        foreach (var assignment in State.TakeDispatches(Now))
            _ = PushAsync(assignment);
    }

    private async Task PushAsync(JobAssignment assignment)
    {
        bool accepted;
        var unreachable = false;
        try
        {
            accepted = await GrainFactory.GetGrain<IWorkerSlotGrain>(assignment.WorkerId).Assign(assignment);
        }
        catch (Exception e)
        {
            LogWorkerUnreachable(e, assignment.WorkerId);
            accepted = false;
            unreachable = true;
        }
        if (accepted)
            return;
        // Busy (it will report through JobFinished) or gone: the job goes back to the front of its lane.
        State.PushRejected(assignment, unreachable);
        DispatchToIdleWorkers();
    }

    private async Task StopOnWorkerAsync(JobAssignment assignment)
    {
        try
        {
            await GrainFactory.GetGrain<IWorkerSlotGrain>(assignment.WorkerId).CancelJob(assignment.Job.JobId);
        }
        catch (Exception e)
        {
            LogWorkerUnreachable(e, assignment.WorkerId);
            State.StopUnreachable(assignment);
        }
    }

    /// <summary>Leases not renewed in time: the worker (or its silo) is lost; the job's owner decides on a retry.</summary>
    private Task ExpireLeases()
    {
        foreach (var lost in State.ExpireLeases(Now))
            ReportLost(lost, $"worker {lost.WorkerId} lost (lease expired)");
        return Task.CompletedTask;
    }

    private void ReportLost(JobAssignment assignment, string reason)
    {
        LogJobLost(assignment.Job.JobId, reason);
        // Lost if this fails: the owner's own repair (a sweep's reconcile, a run's re-queue) runs the job again.
        BackgroundCalls.Forget(() => JobFailureReports.Send(GrainFactory, assignment.Job, JobFailureKind.Transient, reason),
            logger, $"Reporting lost job {assignment.Job.JobId} to its owner");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} registered ({Device}, kinds {Kinds})")]
    private partial void LogWorkerRegistered(string workerId, string device, string kinds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId} is unreachable; dropped from the roster")]
    private partial void LogWorkerUnreachable(Exception exception, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} lost: {Reason}")]
    private partial void LogJobLost(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled jobs of trial {TrialId} ({Removed} were queued)")]
    private partial void LogTrialJobsCancelled(string trialId, int removed);
}
