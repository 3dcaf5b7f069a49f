namespace LoRASculpt.Training.Finetuning;

/// <summary>Reported after every optimizer step.</summary>
public sealed record TrainProgress(int Step, int TotalSteps, double Loss, double SamplesPerSecond);
