using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Reevaluation;

namespace LoRASculpt.Grains.Execution;

/// <summary>
/// Where a failed job's report goes: a trial's jobs to the trial (which decides on a retry); a re-evaluation
/// shard, which has no trial of its own, to its entry's <see cref="IReevaluationFailureGrain"/>, which the run reads.
/// Used by workers (the job failed) and the scheduler (the worker was lost).
/// </summary>
internal static class JobFailureReports
{
    public static Task Send(IGrainFactory grains, QueuedJob job, JobFailureKind kind, string reason) =>
        job.Attempt == ReevaluationIds.JobAttempt && ReevaluationIds.EntrySuiteOfJob(job.TrialId, job.JobId) is { } entrySuite
            ? grains.GetGrain<IReevaluationFailureGrain>(entrySuite).Report(job.JobId, kind, reason)
            : grains.GetGrain<ITrialGrain>(job.TrialId).ReportJobFailed(job.JobId, job.Attempt, kind, reason);
}
