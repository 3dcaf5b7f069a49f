using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Grains.Sweeps;

/// <summary>The durable part of a sweep: its spec and plan, written once, and its lifecycle state. Trial
/// outcomes are not copied here: trials are the source of truth and are re-read after a restart.</summary>
[GenerateSerializer]
public sealed class SweepRecord
{
    [Id(0)] public SweepSpec? Spec { get; set; }
    [Id(1)] public List<SweepTrial> Trials { get; set; } = [];
    [Id(2)] public List<string> SweptAxes { get; set; } = [];
    [Id(3)] public SweepState State { get; set; }
    [Id(4)] public DateTime SubmittedUtc { get; set; }
    [Id(5)] public DateTime? FinishedUtc { get; set; }
    /// <summary>
    /// Early termination's rungs: curve-point iteration to each trial's metric there, in arrival order (one value per
    /// trial per rung). Durable because the order of arrivals decides later cutoffs.
    /// </summary>
    [Id(6)] public Dictionary<int, List<RungRecord>> Rungs { get; set; } = [];
    /// <summary>Trials this sweep's early termination decided to stop, with the reason; asked again until the trial has stopped.</summary>
    [Id(7)] public Dictionary<string, string> StopDecisions { get; set; } = new(StringComparer.Ordinal);
}
