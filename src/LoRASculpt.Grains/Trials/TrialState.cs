using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Trials;

/// <summary>The durable part of a trial. Progress and received shard outcomes live in memory (shards persist their own).</summary>
[GenerateSerializer]
public sealed class TrialState
{
    [Id(0)] public TrialConfig? Config { get; set; }
    [Id(1)] public TrialStatus Status { get; set; }
    /// <summary>Run number: job ids and reports carry it, so a report from an abandoned run is ignored.</summary>
    [Id(2)] public int Attempt { get; set; }
    [Id(3)] public int EvalShards { get; set; }
    /// <summary>Every sweep that planned this trial (notified of changes).</summary>
    [Id(4)] public List<string> Sweeps { get; set; } = [];
    /// <summary>Sweeps that cancelled it; the trial is cancelled when no other sweep still wants it.</summary>
    [Id(5)] public List<string> WithdrawnBy { get; set; } = [];
    [Id(6)] public TrainingOutcome? Training { get; set; }
    [Id(7)] public TrialResult? Result { get; set; }
    [Id(8)] public string? FailureReason { get; set; }
    [Id(9)] public JobFailureKind? FailureKind { get; set; }
    /// <summary>Transient failures so far (capped by OrchestrationOptions.MaxAttempts).</summary>
    [Id(10)] public int TransientFailures { get; set; }
    [Id(11)] public DateTime CreatedUtc { get; set; }
    [Id(12)] public DateTime? CompletedUtc { get; set; }
    /// <summary>The forgetting curve measured during training, across attempts (see <see cref="ForgettingCurve"/>).</summary>
    [Id(13)] public List<CurvePoint> Curve { get; set; } = [];
    /// <summary>Sweeps whose early termination asked to stop it; it stops once every sweep still wanting it asked.</summary>
    [Id(14)] public List<string> StopRequestedBy { get; set; } = [];
    /// <summary>Where and why it was stopped early (<see cref="TrialStatus.StoppedEarly"/>).</summary>
    [Id(15)] public string? StopReason { get; set; }
}
