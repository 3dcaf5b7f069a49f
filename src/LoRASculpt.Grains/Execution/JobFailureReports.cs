using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Reevaluation;

namespace LoRASculpt.Grains.Execution;

/// <summary>
/// Where a failed job's report goes, by its <see cref="JobOwner"/>: a trial attempt's jobs to the trial (which decides on a retry); a re-evaluation
/// shard, which has no trial of its own, to its entry's <see cref="IReevaluationFailureGrain"/>, which the run reads.
/// Used by workers (the job failed) and the scheduler (the worker was lost).
/// </summary>
internal static class JobFailureReports
{
    public static Task Send(IGrainFactory grains, QueuedJob job, JobFailureKind kind, string reason) => job.Owner switch
    {
        TrialAttemptOwner trial => grains.GetGrain<ITrialGrain>(trial.TrialId).ReportJobFailed(job.JobId, trial.Attempt, kind, reason),
        ReevaluationRunOwner run => grains.GetGrain<IReevaluationFailureGrain>(run.EntrySuite).Report(job.JobId, kind, reason),
        var other => throw new ArgumentException($"Job {job.JobId} has an unknown owner {other}.", nameof(job)),
    };
}
