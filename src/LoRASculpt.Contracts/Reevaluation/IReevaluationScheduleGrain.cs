using System.Collections.Immutable;
using Orleans.Concurrency;

namespace LoRASculpt.Contracts.Reevaluation;

/// <summary>
/// One scheduled re-evaluation (key: <c>ReevaluationIds.For(spec)</c>, so scheduling the same spec twice is one
/// schedule). Persisted and driven by an Orleans reminder, so it survives silo and cluster restarts; the cron
/// due time is checked on each reminder tick. A run re-evaluates its entries through the job scheduler's sharded
/// evaluation path and records the new scorings with their suite version.
/// </summary>
public interface IReevaluationScheduleGrain : IGrainWithStringKey
{
    /// <summary>Creates the schedule (or returns the existing one) and registers its reminder.</summary>
    Task<ReevaluationScheduleInfo> Create(ReevaluationScheduleSpec spec);

    [AlwaysInterleave]
    Task<ReevaluationScheduleInfo?> GetInfo();

    /// <summary>Starts a run now unless one is running (an overlapping run is skipped, not doubled).</summary>
    Task<ReevaluationTrigger> RunNow();

    /// <summary>What the reminder does on every tick: starts the run when the cron occurrence is due, advances a running one.</summary>
    Task<ReevaluationTrigger> Tick();

    /// <summary>Unregisters the reminder; a running run is abandoned. Null when no such schedule exists.</summary>
    Task<ReevaluationScheduleInfo?> Cancel();
}

/// <summary>Every schedule id (singleton, key <see cref="Key"/>) for <c>reeval list</c>.</summary>
public interface IReevaluationRegistryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    Task Add(string scheduleId);

    Task Remove(string scheduleId);

    [ReadOnly]
    Task<ImmutableArray<string>> List();
}
