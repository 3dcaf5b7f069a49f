using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace LoRASculpt.Contracts.Reevaluation;

/// <summary>What <c>reeval schedule</c> asks for: a UTC cron expression and the entries of one board to re-evaluate.</summary>
[GenerateSerializer, Immutable]
public sealed record ReevaluationScheduleSpec(
    /// <summary>Five-field cron expression, evaluated in UTC.</summary>
    [property: Id(0)] string Cron,
    [property: Id(1)] string BaseModel,
    [property: Id(2)] string TargetTask,
    [property: Id(3)] ReevaluationSelection Selection,
    /// <summary>Shards per dataset for the re-evaluation jobs.</summary>
    [property: Id(4)] int EvalShards);

[GenerateSerializer]
public enum ReevaluationRunState
{
    Running = 0,
    Completed = 1,
    /// <summary>The run timed out with some entries not evaluated.</summary>
    Incomplete = 2,
}

/// <summary>One re-evaluation run: its entries, how many were already current (skipped), evaluated, and which failed and why.</summary>
[GenerateSerializer, Immutable]
public sealed record ReevaluationRunSummary(
    [property: Id(0)] string RunId,
    /// <summary>"cron" or "manual".</summary>
    [property: Id(1)] string Trigger,
    /// <summary>The cron occurrence the run is for (manual runs: when it was asked for).</summary>
    [property: Id(2)] DateTime DueUtc,
    [property: Id(3)] DateTime StartedUtc,
    [property: Id(4)] DateTime? FinishedUtc,
    [property: Id(5)] ReevaluationRunState State,
    [property: Id(6)] int Selected,
    /// <summary>Entries already scored on the current suite version: not evaluated again.</summary>
    [property: Id(7)] int Skipped,
    [property: Id(8)] int Evaluated,
    [property: Id(9)] int Pending,
    [property: Id(10)] ImmutableArray<string> EntryIds,
    /// <summary>
    /// Entries the run could not score, with the reason (the evaluation's failure, or the run's timeout). Default
    /// (not empty) in summaries recorded before failures were kept: read it through <see cref="FailedEntries"/>.
    /// </summary>
    [property: Id(11), JsonIgnore] ImmutableArray<ReevaluationEntryFailure> Failures)
{
    public ImmutableArray<ReevaluationEntryFailure> FailedEntries => Failures.IsDefault ? [] : Failures;
}

[GenerateSerializer]
public enum ReevaluationScheduleState
{
    Active = 0,
    Cancelled = 1,
}

[GenerateSerializer, Immutable]
public sealed record ReevaluationScheduleInfo(
    [property: Id(0)] string ScheduleId,
    [property: Id(1)] ReevaluationScheduleSpec Spec,
    [property: Id(2)] ReevaluationScheduleState State,
    [property: Id(3)] DateTime CreatedUtc,
    /// <summary>The next cron occurrence a run is due at (null once cancelled).</summary>
    [property: Id(4)] DateTime? NextDueUtc,
    [property: Id(5)] ReevaluationRunSummary? CurrentRun,
    /// <summary>The most recent finished runs, newest first (bounded).</summary>
    [property: Id(6)] ImmutableArray<ReevaluationRunSummary> RecentRuns,
    /// <summary>Every run this schedule started.</summary>
    [property: Id(7)] long RunsStarted);

/// <summary>What a tick or <c>run-now</c> did: started a run, or why not.</summary>
[GenerateSerializer, Immutable]
public sealed record ReevaluationTrigger(
    [property: Id(0)] bool Started,
    [property: Id(1)] string? RunId,
    [property: Id(2)] string Reason);
