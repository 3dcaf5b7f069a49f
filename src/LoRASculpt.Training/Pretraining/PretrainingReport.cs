namespace LoRASculpt.Training.Pretraining;

/// <summary>What pretraining did: steps, wall time, and the mean loss over the last 50 steps.</summary>
public sealed record PretrainingReport(int Steps, int BatchSize, TimeSpan WallTime, double FinalLoss, double MillisecondsPerStep);

/// <summary>Progress of pretraining, reported every few steps.</summary>
public sealed record PretrainingProgress(int Step, int TotalSteps, double Loss, double LearningRate, TimeSpan Elapsed);
