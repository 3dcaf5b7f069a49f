namespace LoRASculpt.Contracts.Jobs;

[GenerateSerializer]
public enum JobKind
{
    Training = 0,
    EvalShard = 1,
}

/// <summary>
/// A unit of work waiting for a worker: exactly one of <see cref="Training"/> and <see cref="EvalShard"/> is set.
/// <see cref="SweepId"/> is the sweep the job is charged to for fair sharing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueuedJob(
    [property: Id(0)] string JobId,
    [property: Id(1)] string SweepId,
    [property: Id(2)] string ExecutorKind,
    [property: Id(3)] TrainingJob? Training,
    [property: Id(4)] EvalShardJob? EvalShard,
    /// <summary>W3C traceparent of the trial's span, so the worker's span joins the sweep's trace on any silo.</summary>
    [property: Id(5)] string? TraceParent = null)
{
    public JobKind Kind => Training is null ? JobKind.EvalShard : JobKind.Training;

    public string TrialId => Training?.TrialId ?? EvalShard!.TrialId;

    public int Attempt => Training?.Attempt ?? EvalShard!.Attempt;

    public static QueuedJob For(string sweepId, TrainingJob job) =>
        new(job.JobId, sweepId, job.Config.ExecutorKind, job, null);

    public static QueuedJob For(string sweepId, EvalShardJob job) =>
        new(job.JobId, sweepId, job.Config.ExecutorKind, null, job);
}

/// <summary>
/// A job handed to one worker under a lease: the worker renews it while it runs; when it expires
/// (worker or silo lost) the scheduler reports the job as lost to its trial, which retries it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobAssignment(
    [property: Id(0)] QueuedJob Job,
    [property: Id(1)] string WorkerId,
    [property: Id(2)] DateTime LeaseExpiresUtc);
