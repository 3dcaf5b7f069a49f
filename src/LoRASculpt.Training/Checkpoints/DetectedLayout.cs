namespace LoRASculpt.Training.Checkpoints;

/// <summary>A checkpoint's layout and the key that decided it (printed so a wrong guess is easy to see).</summary>
public sealed record DetectedLayout(CheckpointLayout Layout, string DecidingKey);
