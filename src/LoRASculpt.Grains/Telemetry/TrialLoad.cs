using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Grains.Telemetry;

/// <summary>
/// How many trials wait for a worker and how many are running, derived from the job scheduler's queue and assignments
/// (which it mirrors by job id, so a call for an id it does not hold changes nothing). A trial is running while any of
/// its jobs is assigned to a worker, and queued while it has jobs waiting and none assigned. Re-evaluation jobs are
/// not trials and are not counted. Mutated on the scheduler grain's thread only; the totals are read by the
/// metrics callback on another thread, hence the volatile reads.
/// </summary>
public sealed class TrialLoad
{
    private sealed class TrialJobs
    {
        public readonly HashSet<string> Queued = new(StringComparer.Ordinal);
        public readonly HashSet<string> Assigned = new(StringComparer.Ordinal);
    }

    private enum TrialPhase { None, Queued, Running }

    private readonly Dictionary<string, string> _trialOfJob = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TrialJobs> _trials = new(StringComparer.Ordinal);
    private long _queued;
    private long _running;

    public long QueuedTrials => Volatile.Read(ref _queued);

    public long RunningTrials => Volatile.Read(ref _running);

    public void JobQueued(QueuedJob job) => Change(job, jobs => jobs.Queued.Add(job.JobId));

    public void JobDequeued(string jobId) => Change(jobId, jobs => jobs.Queued.Remove(jobId));

    public void JobAssigned(QueuedJob job) => Change(job, jobs =>
    {
        jobs.Queued.Remove(job.JobId);
        jobs.Assigned.Add(job.JobId);
    });

    public void JobUnassigned(string jobId) => Change(jobId, jobs => jobs.Assigned.Remove(jobId));

    /// <summary>Every queued job of the trial was dropped (the trial was cancelled).</summary>
    public void TrialDequeued(string trialId)
    {
        if (!_trials.TryGetValue(trialId, out var jobs))
            return;
        var before = Phase(jobs);
        foreach (var jobId in jobs.Queued)
            _trialOfJob.Remove(jobId);
        jobs.Queued.Clear();
        Settle(trialId, jobs, before);
    }

    private void Change(QueuedJob job, Action<TrialJobs> change)
    {
        if (job.Owner is not TrialAttemptOwner owner)
            return;
        _trialOfJob[job.JobId] = owner.TrialId;
        if (!_trials.TryGetValue(owner.TrialId, out var jobs))
            _trials[owner.TrialId] = jobs = new TrialJobs();
        var before = Phase(jobs);
        change(jobs);
        Settle(owner.TrialId, jobs, before);
    }

    private void Change(string jobId, Action<TrialJobs> change)
    {
        if (!_trialOfJob.TryGetValue(jobId, out var trialId) || !_trials.TryGetValue(trialId, out var jobs))
            return;
        var before = Phase(jobs);
        change(jobs);
        if (!jobs.Queued.Contains(jobId) && !jobs.Assigned.Contains(jobId))
            _trialOfJob.Remove(jobId);
        Settle(trialId, jobs, before);
    }

    private void Settle(string trialId, TrialJobs jobs, TrialPhase before)
    {
        var after = Phase(jobs);
        if (after == TrialPhase.None)
            _trials.Remove(trialId);
        if (before == after)
            return;
        Count(before, -1);
        Count(after, +1);
    }

    private void Count(TrialPhase phase, int delta)
    {
        if (phase == TrialPhase.Queued)
            Interlocked.Add(ref _queued, delta);
        else if (phase == TrialPhase.Running)
            Interlocked.Add(ref _running, delta);
    }

    private static TrialPhase Phase(TrialJobs jobs) =>
        jobs.Assigned.Count > 0 ? TrialPhase.Running : jobs.Queued.Count > 0 ? TrialPhase.Queued : TrialPhase.None;
}
