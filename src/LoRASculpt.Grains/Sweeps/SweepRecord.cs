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
}
