using LoRASculpt.Contracts.Reevaluation;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Reevaluation;

[GenerateSerializer]
/// <summary>A schedule's durable state: bounded (one run's items, a few recent summaries).</summary>
public sealed class ReevaluationScheduleRecord
{
    [Id(0)] public ReevaluationScheduleSpec? Spec { get; set; }
    [Id(1)] public ReevaluationScheduleState State { get; set; }
    [Id(2)] public DateTime CreatedUtc { get; set; }
    [Id(3)] public DateTime? NextDueUtc { get; set; }
    [Id(4)] public RunRecord? CurrentRun { get; set; }
    [Id(5)] public List<ReevaluationRunSummary> RecentRuns { get; set; } = [];
    [Id(6)] public long RunsStarted { get; set; }
}

/// <summary>A run in progress: what it selected and which entries still wait for their shards.</summary>
[GenerateSerializer]
public sealed class RunRecord
{
    [Id(0)] public string RunId { get; set; } = "";
    [Id(1)] public string Trigger { get; set; } = "";
    [Id(2)] public DateTime DueUtc { get; set; }
    [Id(3)] public DateTime StartedUtc { get; set; }
    [Id(4)] public int Selected { get; set; }
    [Id(5)] public int Skipped { get; set; }
    [Id(6)] public int Evaluated { get; set; }
    [Id(7)] public List<RunItem> Pending { get; set; } = [];
    [Id(8)] public List<string> EntryIds { get; set; } = [];
    /// <summary>Entries given up on, with the reason.</summary>
    [Id(9)] public List<ReevaluationEntryFailure> Failed { get; set; } = [];
}

/// <summary>One entry to re-evaluate on <see cref="SuiteVersion"/>.</summary>
[GenerateSerializer]
public sealed class RunItem
{
    [Id(0)] public string EntryId { get; set; } = "";
    [Id(1)] public string SuiteVersion { get; set; } = "";
    [Id(2)] public TrialConfig Config { get; set; } = null!;
    [Id(3)] public string AdapterKey { get; set; } = "";
    /// <summary>Failures of its jobs seen so far (<see cref="ReevaluationJobFailure.TotalFailures"/>): a larger count is a new failure to act on.</summary>
    [Id(4)] public int FailuresSeen { get; set; }
}
