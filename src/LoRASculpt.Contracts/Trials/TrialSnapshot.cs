using System.Collections.Immutable;
using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Contracts.Trials;

/// <summary>What a trial looks like right now: what the CLI shows and what sweeps aggregate.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialSnapshot(
    [property: Id(0)] string TrialId,
    [property: Id(1)] TrialStatus Status,
    /// <summary>1-based attempt number of the current (or last) run.</summary>
    [property: Id(2)] int Attempt,
    [property: Id(3)] TrialProgress? Progress,
    [property: Id(4)] TrialResult? Result,
    [property: Id(5)] string? FailureReason,
    [property: Id(6)] JobFailureKind? FailureKind,
    [property: Id(7)] int EvalShardsDone,
    [property: Id(8)] int EvalShardsTotal,
    /// <summary>Increases with every change, so a receiver can drop snapshots that arrive out of order.</summary>
    [property: Id(9)] long Version,
    [property: Id(10)] DateTime UpdatedUtc)
{
    /// <summary>The trial's forgetting curve so far, in step order (at most <c>ForgettingCurve.MaxPoints</c> points).</summary>
    [Id(11)] public ImmutableArray<CurvePoint> Curve { get; init; } = [];

    /// <summary>For <see cref="TrialStatus.StoppedEarly"/>: where and why its sweep stopped it (shown after "stopped early").</summary>
    [Id(12)] public string? StopReason { get; init; }
}
