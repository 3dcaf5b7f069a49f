using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Contracts.Grains;

/// <summary>
/// The job queue (singleton, key <see cref="Key"/>). In-memory by design: after a restart it is rebuilt
/// from trial and sweep state (sweeps re-enqueue on resume), and workers re-register by heartbeat.
/// Hands each idle worker the next job: eval shards before training (results arrive early),
/// round-robin across fair-share keys (sweeps, re-evaluation schedules), never more than one job per worker.
/// </summary>
public interface IJobSchedulerGrain : IGrainWithStringKey
{
    public const string Key = "default";

    /// <summary>Queues jobs; ids already queued or running are ignored (enqueueing is idempotent).</summary>
    Task Enqueue(ImmutableArray<QueuedJob> jobs);

    /// <summary>The worker is idle: registers it and returns its first job under a lease, or null (it is then pushed work when some arrives).</summary>
    Task<JobAssignment?> RegisterWorker(WorkerInfo worker);

    /// <summary>
    /// The worker finished (or gave up) <paramref name="jobId"/>: returns its next job under a new lease, or null and
    /// marks it idle. One call per job keeps the hot path short. How the job ended is not the scheduler's business:
    /// the worker reports outcomes and failures to the trial (or re-evaluation) that owns the job.
    /// </summary>
    Task<JobAssignment?> JobFinished(WorkerInfo worker, string jobId);

    /// <summary>
    /// Renews the lease of the worker's running job (registering the worker if the scheduler restarted).
    /// Returns false when the job is no longer wanted (cancelled or reassigned): the worker should stop it.
    /// </summary>
    Task<bool> Heartbeat(WorkerInfo worker, QueuedJob? runningJob);

    /// <summary>Drops the queued jobs of the trial's attempts and cancels their running ones (re-evaluations of its entry are not the trial's: <see cref="JobOwner"/>).</summary>
    Task CancelTrialJobs(string trialId);

    Task<SchedulerStats> GetStats();
}
