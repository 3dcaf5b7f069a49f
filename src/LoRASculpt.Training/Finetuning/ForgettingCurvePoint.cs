namespace LoRASculpt.Training.Finetuning;

/// <summary>One point of a trial's forgetting curve: Source and Target (0-100) on the held-out curve slice after <see cref="Step"/> optimizer steps.</summary>
public sealed record ForgettingCurvePoint(int Step, double Source, double Target);
