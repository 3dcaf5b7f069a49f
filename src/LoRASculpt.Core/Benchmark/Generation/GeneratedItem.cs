namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>What a task generator produces for one item (the id is assigned by <see cref="BenchmarkData"/>).</summary>
public sealed record GeneratedItem(float[] Image, string Question, string Answer, IReadOnlyList<string> References);
