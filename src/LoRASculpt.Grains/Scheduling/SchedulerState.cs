using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Telemetry;

namespace LoRASculpt.Grains.Scheduling;

/// <summary>
/// The job scheduler's state as one structure: the queue, the roster of workers (each with its current assignment and
/// when it was last seen), the idle workers, the assignments under lease by job id, and the cancels in flight. Every
/// operation keeps them consistent with each other and with the trial gauges (<see cref="TrialLoad"/>). Plain and
/// single-threaded: <see cref="JobSchedulerGrain"/> calls it from its turns and does the messaging it asks for.
/// </summary>
public sealed class SchedulerState(TimeSpan leaseDuration, TrialLoad load)
{
    private sealed class Worker(WorkerInfo info)
    {
        public WorkerInfo Info { get; set; } = info;
        public JobAssignment? Current { get; set; }
        public DateTime LastSeenUtc { get; set; }
    }

    private readonly FairJobQueue _queue = new();
    private readonly Dictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _idle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobAssignment> _assigned = new(StringComparer.Ordinal);
    /// <summary>Assigned jobs whose trial was cancelled: the worker is told to stop; it stays busy until it reports.</summary>
    private readonly HashSet<string> _cancelling = new(StringComparer.Ordinal);
    private long _dispatched;
    private long _leasesExpired;

    public SchedulerStats Stats() => new(_queue.Count, _assigned.Count, _workers.Count, _idle.Count, _dispatched, _leasesExpired);

    /// <summary>Queues the jobs that are neither queued nor assigned; returns how many it added.</summary>
    public int Enqueue(IEnumerable<QueuedJob> jobs)
    {
        var added = 0;
        foreach (var job in jobs)
        {
            if (!_assigned.ContainsKey(job.JobId) && _queue.Enqueue(job))
            {
                added++;
                load.JobQueued(job);
            }
        }
        return added;
    }

    /// <summary>
    /// The worker starts fresh: whatever it was running is gone (<c>Lost</c>, to report to its owner; null when there was
    /// nothing, or it was being cancelled). <c>Next</c> is its first job, or null after marking it idle.
    /// </summary>
    public (JobAssignment? Lost, JobAssignment? Next) Register(WorkerInfo info, DateTime nowUtc)
    {
        var worker = Touch(info, nowUtc);
        JobAssignment? lost = null;
        if (worker.Current is { } stale && Release(stale))
            lost = stale;
        return (lost, NextFor(worker, nowUtc));
    }

    /// <summary>The worker is done with <paramref name="jobId"/>: its next job, or null after marking it idle.</summary>
    public JobAssignment? Finished(WorkerInfo info, string jobId, DateTime nowUtc)
    {
        var worker = Touch(info, nowUtc);
        if (_assigned.TryGetValue(jobId, out var assignment) && assignment.WorkerId == info.WorkerId)
            Unassign(jobId);
        _cancelling.Remove(jobId);
        worker.Current = null;
        return NextFor(worker, nowUtc);
    }

    /// <summary>
    /// Renews the running job's lease. False when the worker should stop the job (cancelled, or assigned elsewhere).
    /// <paramref name="becameIdle"/> is true when an idle worker was not known to be idle (the caller dispatches).
    /// A job this scheduler never handed out (it restarted while the worker ran on) is adopted, so a resume does not
    /// run it a second time.
    /// </summary>
    public bool Heartbeat(WorkerInfo info, QueuedJob? runningJob, DateTime nowUtc, out bool becameIdle)
    {
        becameIdle = false;
        var known = _workers.ContainsKey(info.WorkerId);
        var worker = Touch(info, nowUtc);
        if (runningJob is null)
        {
            becameIdle = worker.Current is null && _idle.Add(info.WorkerId);
            return true;
        }
        if (_cancelling.Contains(runningJob.JobId))
            return false;
        if (_assigned.TryGetValue(runningJob.JobId, out var assignment))
        {
            if (assignment.WorkerId != info.WorkerId)
                return false;
            var renewed = assignment with { LeaseExpiresUtc = nowUtc + leaseDuration };
            _assigned[runningJob.JobId] = renewed;
            worker.Current = renewed;
            return true;
        }
        if (!known || worker.Current is null)
        {
            _queue.Remove(runningJob.JobId);
            Assign(worker, runningJob, nowUtc);
            return true;
        }
        return false;
    }

    /// <summary>Hands queued jobs to idle workers that can run them; the caller pushes each assignment to its worker.</summary>
    public List<JobAssignment> TakeDispatches(DateTime nowUtc)
    {
        var assignments = new List<JobAssignment>();
        if (_queue.Count == 0 || _idle.Count == 0)
            return assignments;
        foreach (var workerId in _idle.ToArray())
        {
            var worker = _workers[workerId];
            var job = _queue.Dequeue(j => worker.Info.ExecutorKinds.Contains(j.ExecutorKind));
            if (job is null)
                continue;
            assignments.Add(Assign(worker, job, nowUtc));
            if (_queue.Count == 0)
                break;
        }
        return assignments;
    }

    /// <summary>
    /// A pushed assignment did not start: the worker was busy (it reports through <see cref="Finished"/>) or, when
    /// <paramref name="unreachable"/>, is gone and leaves the roster. The job goes back to the front of its lane unless
    /// it was being cancelled.
    /// </summary>
    public void PushRejected(JobAssignment assignment, bool unreachable)
    {
        if (unreachable)
            Drop(assignment.WorkerId);
        if (!_assigned.TryGetValue(assignment.Job.JobId, out var current) || current.WorkerId != assignment.WorkerId)
            return;
        _dispatched--;
        Unassign(assignment.Job.JobId);
        if (_workers.TryGetValue(assignment.WorkerId, out var worker) && worker.Current == current)
            worker.Current = null;
        if (!_cancelling.Remove(assignment.Job.JobId) && _queue.Enqueue(assignment.Job, atFront: true))
            load.JobQueued(assignment.Job);
    }

    /// <summary>Drops the trial's queued jobs (returns how many) and marks its running ones cancelling (returned once each, to stop on their workers).</summary>
    public (int Removed, List<JobAssignment> ToStop) CancelTrial(string trialId)
    {
        var removed = _queue.RemoveTrial(trialId);
        load.TrialDequeued(trialId);
        var toStop = _assigned.Values.Where(a => a.Job.IsOwnedByTrial(trialId) && _cancelling.Add(a.Job.JobId)).ToList();
        return (removed, toStop);
    }

    /// <summary>The worker could not be told to stop: it is gone, so nothing runs the job any more.</summary>
    public void StopUnreachable(JobAssignment assignment)
    {
        Unassign(assignment.Job.JobId);
        _cancelling.Remove(assignment.Job.JobId);
        Drop(assignment.WorkerId);
    }

    /// <summary>
    /// Leases not renewed by <paramref name="nowUtc"/>: their workers (or silos) are lost and leave the roster; returns the
    /// jobs to report lost to their owners (cancelled ones excluded). Idle workers silent for three leases leave too.
    /// </summary>
    public List<JobAssignment> ExpireLeases(DateTime nowUtc)
    {
        var lost = new List<JobAssignment>();
        foreach (var assignment in _assigned.Values.Where(a => a.LeaseExpiresUtc < nowUtc).ToArray())
        {
            _leasesExpired++;
            Drop(assignment.WorkerId);
            if (Release(assignment))
                lost.Add(assignment);
        }
        foreach (var worker in _workers.Values.Where(w => w.Current is null && nowUtc - w.LastSeenUtc > 3 * leaseDuration).ToArray())
            Drop(worker.Info.WorkerId);
        return lost;
    }

    private Worker Touch(WorkerInfo info, DateTime nowUtc)
    {
        if (!_workers.TryGetValue(info.WorkerId, out var worker))
        {
            worker = new Worker(info);
            _workers[info.WorkerId] = worker;
        }
        worker.Info = info;
        worker.LastSeenUtc = nowUtc;
        return worker;
    }

    private JobAssignment? NextFor(Worker worker, DateTime nowUtc)
    {
        var job = _queue.Dequeue(j => worker.Info.ExecutorKinds.Contains(j.ExecutorKind));
        if (job is null)
        {
            _idle.Add(worker.Info.WorkerId);
            return null;
        }
        return Assign(worker, job, nowUtc);
    }

    private JobAssignment Assign(Worker worker, QueuedJob job, DateTime nowUtc)
    {
        var assignment = new JobAssignment(job, worker.Info.WorkerId, nowUtc + leaseDuration);
        _assigned[job.JobId] = assignment;
        load.JobAssigned(job);
        worker.Current = assignment;
        _idle.Remove(worker.Info.WorkerId);
        _dispatched++;
        return assignment;
    }

    /// <summary>Ends an assignment whose worker no longer runs it; true when its owner must hear that the job was lost (not when it was cancelled).</summary>
    private bool Release(JobAssignment assignment)
    {
        Unassign(assignment.Job.JobId);
        if (_workers.TryGetValue(assignment.WorkerId, out var worker) && worker.Current == assignment)
            worker.Current = null;
        return !_cancelling.Remove(assignment.Job.JobId);
    }

    private void Unassign(string jobId)
    {
        _assigned.Remove(jobId);
        load.JobUnassigned(jobId);
    }

    private void Drop(string workerId)
    {
        _workers.Remove(workerId);
        _idle.Remove(workerId);
    }
}
