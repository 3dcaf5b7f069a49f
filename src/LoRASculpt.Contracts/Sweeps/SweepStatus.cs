using System.Collections.Immutable;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Contracts.Sweeps;

[GenerateSerializer]
public enum SweepState
{
    /// <summary>Planned but its trials are not all terminal yet (also after a restart, until resumed).</summary>
    Running = 0,
    /// <summary>Every trial is completed, failed or stopped early.</summary>
    Completed = 1,
    Cancelled = 2,
}

/// <summary>Progress counts of a sweep and the trials that are running now (with step / loss / ETA).</summary>
[GenerateSerializer, Immutable]
public sealed record SweepStatus(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string Name,
    [property: Id(2)] SweepState State,
    [property: Id(3)] int Total,
    [property: Id(4)] int Queued,
    [property: Id(5)] int Training,
    [property: Id(6)] int Evaluating,
    [property: Id(7)] int Completed,
    [property: Id(8)] int Failed,
    [property: Id(9)] int Cancelled,
    [property: Id(10)] ImmutableArray<TrialSnapshot> Running,
    [property: Id(11)] DateTime SubmittedUtc,
    [property: Id(12)] DateTime? FinishedUtc)
{
    /// <summary>Trials stopped by the sweep's early termination (not failures).</summary>
    [Id(13)] public int StoppedEarly { get; init; }

    /// <summary>Trials that reached a terminal state.</summary>
    public int Finished => Completed + Failed + Cancelled + StoppedEarly;

    public bool IsFinished => State != SweepState.Running;
}

/// <summary>One line of <c>sweep list</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepSummary(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string Name,
    [property: Id(2)] SweepState State,
    [property: Id(3)] int Total,
    [property: Id(4)] int Completed,
    [property: Id(5)] int Failed,
    [property: Id(6)] DateTime SubmittedUtc);

/// <summary>What a submit did: <c>Created</c> is false when the same spec was already submitted (the sweep was resumed instead).</summary>
[GenerateSerializer, Immutable]
public sealed record SweepSubmission(
    [property: Id(0)] string SweepId,
    [property: Id(1)] bool Created,
    [property: Id(2)] SweepStatus Status);
