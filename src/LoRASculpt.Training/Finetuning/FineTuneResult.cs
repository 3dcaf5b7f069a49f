namespace LoRASculpt.Training.Finetuning;

/// <summary>What a fine-tuning run measured. Timing covers only the steps run in this process.</summary>
public sealed record FineTuneResult(
    LossTerms FinalLoss,
    int Steps,
    int ResumedFromStep,
    double MeanStepMilliseconds,
    double SamplesPerSecond,
    TimeSpan Duration);
