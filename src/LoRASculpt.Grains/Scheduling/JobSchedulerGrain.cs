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
/// The job queue and the worker roster (see <see cref="IJobSchedulerGrain"/>). It never awaits a worker
/// inside a request: pushes to idle workers run as background turns, so a worker calling in while it is
/// being pushed to cannot deadlock with it. Busy workers are fed through their <c>JobFinished</c> reply.
/// </summary>
[KeepAlive]
public sealed partial class JobSchedulerGrain(
    IOptions<OrchestrationOptions> options,
    TimeProvider clock,
    SweepRecovery recovery,
    ILogger<JobSchedulerGrain> logger) : Grain, IJobSchedulerGrain
{
    private sealed class WorkerEntry(WorkerInfo info)
    {
        public WorkerInfo Info { get; set; } = info;
        public JobAssignment? Current { get; set; }
        public DateTime LastSeenUtc { get; set; }
    }

    private readonly OrchestrationOptions _options = options.Value;
    private readonly FairJobQueue _queue = new();
    private readonly Dictionary<string, WorkerEntry> _workers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _idle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobAssignment> _assigned = new(StringComparer.Ordinal);
    /// <summary>Assigned jobs whose trial was cancelled: the worker is told to stop; it stays busy until it reports.</summary>
    private readonly HashSet<string> _cancelling = new(StringComparer.Ordinal);
    private long _dispatched;
    private long _leasesExpired;
    /// <summary>Queued/running trial gauges, mirrored from the queue and assignments below.</summary>
    private readonly TrialLoad _load = new();
    private IDisposable? _loadReporting;

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
        var added = 0;
        foreach (var job in jobs)
        {
            if (!_assigned.ContainsKey(job.JobId) && _queue.Enqueue(job))
            {
                added++;
                _load.JobQueued(job);
            }
        }
        if (added > 0)
            DispatchToIdleWorkers();
        return Task.CompletedTask;
    }

    public Task<JobAssignment?> RegisterWorker(WorkerInfo worker)
    {
        var entry = Touch(worker);
        if (entry.Current is { } stale)
        {
            // The worker says it is starting fresh: whatever it was running is gone.
            ReleaseAsLost(stale, $"worker {worker.WorkerId} restarted");
        }
        LogWorkerRegistered(worker.WorkerId, worker.Device, string.Join(",", worker.ExecutorKinds));
        return Task.FromResult(NextFor(entry));
    }

    public Task<JobAssignment?> JobFinished(WorkerInfo worker, string jobId)
    {
        var entry = Touch(worker);
        if (_assigned.TryGetValue(jobId, out var assignment) && assignment.WorkerId == worker.WorkerId)
        {
            _assigned.Remove(jobId);
            _load.JobUnassigned(jobId);
        }
        _cancelling.Remove(jobId);
        entry.Current = null;
        return Task.FromResult(NextFor(entry));
    }

    public Task<bool> Heartbeat(WorkerInfo worker, QueuedJob? runningJob)
    {
        var known = _workers.ContainsKey(worker.WorkerId);
        var entry = Touch(worker);
        if (runningJob is null)
        {
            if (entry.Current is null && _idle.Add(worker.WorkerId))
                DispatchToIdleWorkers();
            return Task.FromResult(true);
        }

        if (_cancelling.Contains(runningJob.JobId))
            return Task.FromResult(false);
        if (_assigned.TryGetValue(runningJob.JobId, out var assignment))
        {
            if (assignment.WorkerId != worker.WorkerId)
                return Task.FromResult(false);
            var renewed = assignment with { LeaseExpiresUtc = Now + _options.LeaseDuration };
            _assigned[runningJob.JobId] = renewed;
            entry.Current = renewed;
            return Task.FromResult(true);
        }

        // A job this scheduler never handed out: it restarted while the worker kept running. Adopt the job
        // so a resume does not run it a second time.
        if (!known || entry.Current is null)
        {
            _queue.Remove(runningJob.JobId);
            Assign(entry, runningJob);
            return Task.FromResult(true);
        }
        return Task.FromResult(false);
    }

    public Task CancelTrialJobs(string trialId)
    {
        var removed = _queue.RemoveTrial(trialId);
        _load.TrialDequeued(trialId);
        foreach (var assignment in _assigned.Values.Where(a => a.Job.IsOwnedByTrial(trialId)).ToArray())
        {
            if (_cancelling.Add(assignment.Job.JobId))
                _ = CancelOnWorkerAsync(assignment);
        }
        LogTrialJobsCancelled(trialId, removed);
        return Task.CompletedTask;
    }

    public Task<SchedulerStats> GetStats() => Task.FromResult(new SchedulerStats(
        _queue.Count, _assigned.Count, _workers.Count, _idle.Count, _dispatched, _leasesExpired));

    private WorkerEntry Touch(WorkerInfo info)
    {
        if (!_workers.TryGetValue(info.WorkerId, out var entry))
        {
            entry = new WorkerEntry(info);
            _workers[info.WorkerId] = entry;
        }
        entry.Info = info;
        entry.LastSeenUtc = Now;
        return entry;
    }

    /// <summary>The worker's next job under a fresh lease, or null after marking it idle.</summary>
    private JobAssignment? NextFor(WorkerEntry entry)
    {
        var job = _queue.Dequeue(j => entry.Info.ExecutorKinds.Contains(j.ExecutorKind));
        if (job is null)
        {
            _idle.Add(entry.Info.WorkerId);
            return null;
        }
        return Assign(entry, job);
    }

    private JobAssignment Assign(WorkerEntry entry, QueuedJob job)
    {
        var assignment = new JobAssignment(job, entry.Info.WorkerId, Now + _options.LeaseDuration);
        _assigned[job.JobId] = assignment;
        _load.JobAssigned(job);
        entry.Current = assignment;
        _idle.Remove(entry.Info.WorkerId);
        _dispatched++;
        return assignment;
    }

    private void DispatchToIdleWorkers()
    {
        if (_queue.Count == 0 || _idle.Count == 0)
            return;
        foreach (var workerId in _idle.ToArray())
        {
            var entry = _workers[workerId];
            var job = _queue.Dequeue(j => entry.Info.ExecutorKinds.Contains(j.ExecutorKind));
            if (job is null)
                continue;
            _ = PushAsync(Assign(entry, job));
            if (_queue.Count == 0)
                break;
        }
    }

    private async Task PushAsync(JobAssignment assignment)
    {
        bool accepted;
        try
        {
            accepted = await GrainFactory.GetGrain<IWorkerSlotGrain>(assignment.WorkerId).Assign(assignment);
        }
        catch (Exception e)
        {
            LogWorkerUnreachable(e, assignment.WorkerId);
            _workers.Remove(assignment.WorkerId);
            _idle.Remove(assignment.WorkerId);
            accepted = false;
        }
        if (accepted)
            return;

        // Busy (it will report through JobFinished) or gone: the job goes back to the front of its lane.
        if (_assigned.TryGetValue(assignment.Job.JobId, out var current) && current.WorkerId == assignment.WorkerId)
        {
            _dispatched--;
            _assigned.Remove(assignment.Job.JobId);
            _load.JobUnassigned(assignment.Job.JobId);
            if (_workers.TryGetValue(assignment.WorkerId, out var entry) && entry.Current == current)
                entry.Current = null;
            if (!_cancelling.Remove(assignment.Job.JobId) && _queue.Enqueue(assignment.Job, atFront: true))
                _load.JobQueued(assignment.Job);
        }
        DispatchToIdleWorkers();
    }

    private async Task CancelOnWorkerAsync(JobAssignment assignment)
    {
        try
        {
            await GrainFactory.GetGrain<IWorkerSlotGrain>(assignment.WorkerId).CancelJob(assignment.Job.JobId);
        }
        catch (Exception e)
        {
            // The worker is gone: nothing runs the job any more.
            LogWorkerUnreachable(e, assignment.WorkerId);
            _assigned.Remove(assignment.Job.JobId);
            _load.JobUnassigned(assignment.Job.JobId);
            _cancelling.Remove(assignment.Job.JobId);
            _workers.Remove(assignment.WorkerId);
            _idle.Remove(assignment.WorkerId);
        }
    }

    /// <summary>Leases not renewed in time: the worker (or its silo) is lost; its trial decides on a retry.</summary>
    private Task ExpireLeases()
    {
        var now = Now;
        foreach (var assignment in _assigned.Values.Where(a => a.LeaseExpiresUtc < now).ToArray())
        {
            _leasesExpired++;
            _workers.Remove(assignment.WorkerId);
            _idle.Remove(assignment.WorkerId);
            ReleaseAsLost(assignment, $"worker {assignment.WorkerId} lost (lease expired)");
        }
        // Idle workers that stopped heart-beating belong to silos that are gone.
        foreach (var entry in _workers.Values.Where(w => w.Current is null && now - w.LastSeenUtc > 3 * _options.LeaseDuration).ToArray())
        {
            _workers.Remove(entry.Info.WorkerId);
            _idle.Remove(entry.Info.WorkerId);
        }
        return Task.CompletedTask;
    }

    private void ReleaseAsLost(JobAssignment assignment, string reason)
    {
        _assigned.Remove(assignment.Job.JobId);
        _load.JobUnassigned(assignment.Job.JobId);
        if (_workers.TryGetValue(assignment.WorkerId, out var entry) && entry.Current == assignment)
            entry.Current = null;
        if (_cancelling.Remove(assignment.Job.JobId))
            return;
        LogJobLost(assignment.Job.JobId, reason);
        // Lost if this fails: the owner's own repair (a trial's reconcile, a run's re-queue) runs the job again.
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
