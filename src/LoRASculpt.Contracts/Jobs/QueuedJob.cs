namespace LoRASculpt.Contracts.Jobs;

[GenerateSerializer]
public enum JobKind
{
    Training = 0,
    EvalShard = 1,
}

/// <summary>
/// A unit of work waiting for a worker: exactly one of <see cref="Training"/> and <see cref="EvalShard"/> is set.
/// <see cref="Owner"/> says where its reports go; <see cref="FairShareKey"/> is the lane it is charged to for fair
/// sharing (a sweep's id, or <c>reeval:{schedule}</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueuedJob(
    [property: Id(0)] string JobId,
    [property: Id(1)] string FairShareKey,
    [property: Id(2)] string ExecutorKind,
    [property: Id(3)] TrainingJob? Training,
    [property: Id(4)] EvalShardJob? EvalShard,
    [property: Id(6)] JobOwner Owner,
    /// <summary>W3C traceparent of the trial's span, so the worker's span joins the sweep's trace on any silo.</summary>
    [property: Id(5)] string? TraceParent = null)
{
    public JobKind Kind => Training is null ? JobKind.EvalShard : JobKind.Training;

    /// <summary>The trial whose config (and adapter) the job runs; for a re-evaluation, the entry's trial.</summary>
    public string TrialId => Training?.TrialId ?? EvalShard!.TrialId;

    /// <summary>True when the job belongs to an attempt of <paramref name="trialId"/> (re-evaluations of its entry do not).</summary>
    public bool IsOwnedByTrial(string trialId) => Owner is TrialAttemptOwner owner && owner.TrialId == trialId;

    /// <summary>A trial attempt's training job, charged to <paramref name="sweepId"/>.</summary>
    public static QueuedJob ForTrial(string sweepId, TrainingJob job) =>
        new(job.JobId, sweepId, job.Config.ExecutorKind, job, null, new TrialAttemptOwner(job.TrialId, job.Attempt));

    /// <summary>A trial attempt's eval shard, charged to <paramref name="sweepId"/>.</summary>
    public static QueuedJob ForTrial(string sweepId, EvalShardJob job) =>
        new(job.JobId, sweepId, job.Config.ExecutorKind, null, job, new TrialAttemptOwner(job.TrialId, job.Attempt));

    /// <summary>A re-evaluation run's eval shard, charged to its schedule's lane.</summary>
    public static QueuedJob ForReevaluation(ReevaluationRunOwner owner, EvalShardJob job) =>
        new(job.JobId, owner.FairShareKey, job.Config.ExecutorKind, null, job, owner);
}

/// <summary>
/// A job handed to one worker under a lease: the worker renews it while it runs; when it expires
/// (worker or silo lost) the scheduler reports the job as lost to its owner, which retries it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobAssignment(
    [property: Id(0)] QueuedJob Job,
    [property: Id(1)] string WorkerId,
    [property: Id(2)] DateTime LeaseExpiresUtc);
