namespace LoRASculpt.Training.Finetuning;

/// <summary>What a fine-tuning run measured. Timing covers only the steps run in this process.</summary>
public sealed record FineTuneResult(
    LossTerms FinalLoss,
    int Steps,
    int ResumedFromStep,
    double MeanStepMilliseconds,
    double SamplesPerSecond,
    TimeSpan Duration)
{
    /// <summary>Mean over the steps run here of ||alpha ∇L_CMR|| / ||∇L_task|| on the CMR modules (null unless lorasculpt).</summary>
    public double? CmrGradientRatio { get; init; }

    /// <summary>The last step's ratio (null unless lorasculpt).</summary>
    public double? CmrGradientRatioLast { get; init; }

    /// <summary>Per adapted module: overlap of A's mask with the top-k of A's initial values (empty before pruning).</summary>
    public IReadOnlyDictionary<string, double> MaskInitialOverlapA { get; init; } = new Dictionary<string, double>();
}
