using LoRASculpt.Contracts.Execution;
using Orleans.Concurrency;

namespace LoRASculpt.Contracts.Reevaluation;

/// <summary>
/// The failures of re-evaluating one entry on one suite version (key: <see cref="ReevaluationIds.EntrySuite"/>), which
/// every schedule re-evaluating that entry reads. Re-evaluation jobs have no trial of their own, so workers (job failed)
/// and the scheduler (worker lost) report their failures here.
/// In memory only: a lost record means one more attempt, whose failure is reported again.
/// </summary>
public interface IReevaluationFailureGrain : IGrainWithStringKey
{
    Task Report(string jobId, JobFailureKind kind, string reason);

    [AlwaysInterleave]
    Task<ReevaluationJobFailure?> GetLatest();

    /// <summary>Forgets the failures once a run has settled the entry, so a later run starts with fresh attempts.</summary>
    Task Clear();
}

/// <summary>The latest failure of an entry's re-evaluation jobs, and how often its most-failed job has failed.</summary>
[GenerateSerializer, Immutable]
public sealed record ReevaluationJobFailure(
    [property: Id(0)] string JobId,
    [property: Id(1)] JobFailureKind Kind,
    [property: Id(2)] string Reason,
    /// <summary>Failures of the job that failed most often (what a retry limit applies to).</summary>
    [property: Id(3)] int MaxJobFailures,
    /// <summary>Failures of all the entry's jobs: grows with every new report.</summary>
    [property: Id(4)] int TotalFailures);

/// <summary>An entry a re-evaluation run could not score, and why.</summary>
[GenerateSerializer, Immutable]
public sealed record ReevaluationEntryFailure(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string SuiteVersion,
    [property: Id(2)] string Message);
