namespace LoRASculpt.Training.Checkpoints;

/// <summary>What <see cref="CheckpointLoader"/> loaded: the layout(s) detected, how much, in which stored dtypes, how fast.</summary>
public sealed record CheckpointLoadReport(
    DetectedLayout Layout,
    DetectedLayout? VisionLayout,
    int TensorsLoaded,
    long BytesRead,
    IReadOnlyList<string> DTypes,
    double Seconds);
