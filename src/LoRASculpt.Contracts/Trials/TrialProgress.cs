using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Contracts.Trials;

/// <summary>Live training progress of a trial's current attempt (not persisted: it is refreshed by the worker).</summary>
[GenerateSerializer, Immutable]
public sealed record TrialProgress(
    [property: Id(0)] int Step,
    [property: Id(1)] int TotalSteps,
    [property: Id(2)] double Loss,
    [property: Id(3)] double SamplesPerSecond,
    /// <summary>Estimated time to the end of training, from the step rate so far; null before the first step.</summary>
    [property: Id(4)] TimeSpan? Eta,
    [property: Id(5)] string WorkerId,
    /// <summary>Before fine-tuning, the job may first pretrain or wait for its base model; steps and loss are then the base model's.</summary>
    [property: Id(6)] TrainingPhase Phase = TrainingPhase.FineTuning);
