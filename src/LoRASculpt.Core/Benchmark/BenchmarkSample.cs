namespace LoRASculpt.Core.Benchmark;

/// <summary>
/// One benchmark item. <see cref="Image"/> is a float RGB image in CHW order with values in [0, 1]
/// (<see cref="BenchmarkData.Channels"/> x <see cref="BenchmarkData.ImageSize"/> x <see cref="BenchmarkData.ImageSize"/>).
/// <see cref="Answer"/> is the training target (space-separated words of the benchmark vocabulary);
/// <see cref="References"/> are what the task's metric scores against (10 annotator answers for VQA accuracy,
/// 5 captions for CIDEr-D, the single answer for exact match).
/// </summary>
public sealed record BenchmarkSample(
    string Id,
    string Task,
    float[] Image,
    string Question,
    string Answer,
    IReadOnlyList<string> References);
