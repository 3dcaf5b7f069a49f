namespace LoRASculpt.Core.Benchmark;

/// <summary>One dataset of the built-in benchmark. Source tasks measure general knowledge, target tasks the downstream skill.</summary>
public sealed record BenchmarkTask(string Name, bool IsTarget, MetricKind Metric, string Description, string PaperAnalogue);
