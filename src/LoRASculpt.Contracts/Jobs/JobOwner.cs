using LoRASculpt.Contracts.Reevaluation;

namespace LoRASculpt.Contracts.Jobs;

/// <summary>
/// Whose a job is: where its progress, outcome and failure are reported. A trial attempt's jobs report to the trial;
/// a re-evaluation run's shards have no trial of their own and report to the entry's re-evaluation record.
/// </summary>
[GenerateSerializer, Immutable]
public abstract record JobOwner;

/// <summary>A job of attempt <see cref="Attempt"/> of trial <see cref="TrialId"/>; the trial ignores reports of an abandoned attempt.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialAttemptOwner(
    [property: Id(0)] string TrialId,
    [property: Id(1)] int Attempt) : JobOwner;

/// <summary>
/// An eval shard of run <see cref="RunId"/> of re-evaluation schedule <see cref="ScheduleId"/>, re-scoring leaderboard
/// entry <see cref="EntryId"/> on <see cref="SuiteVersion"/>. Its job id depends only on (entry, suite version), so two
/// schedules wanting the same re-scoring share one job; failures therefore go to the (entry, suite version) record
/// every such schedule reads (<see cref="IReevaluationFailureGrain"/>, key <see cref="EntrySuite"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReevaluationRunOwner(
    [property: Id(0)] string ScheduleId,
    [property: Id(1)] string RunId,
    [property: Id(2)] string EntryId,
    [property: Id(3)] string SuiteVersion) : JobOwner
{
    public string EntrySuite => ReevaluationIds.EntrySuite(EntryId, SuiteVersion);

    /// <summary>A schedule's shards share workers fairly with sweeps as one lane.</summary>
    public string FairShareKey => $"reeval:{ScheduleId}";
}
