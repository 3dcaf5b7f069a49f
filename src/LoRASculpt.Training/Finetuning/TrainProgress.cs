namespace LoRASculpt.Training.Finetuning;

/// <summary>Reported after every optimizer step; <see cref="Curve"/> is set on the steps that measured a forgetting-curve point.</summary>
public sealed record TrainProgress(int Step, int TotalSteps, double Loss, double SamplesPerSecond)
{
    public ForgettingCurvePoint? Curve { get; init; }
}
