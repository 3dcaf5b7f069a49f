using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Data;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Model;

/// <summary>Shared small objects for model tests: the micro preset keeps every forward pass in milliseconds.</summary>
internal static class ModelFixture
{
    public static MllmConfig Config => ModelPresets.Micro;

    public static WordTokenizer Tokenizer { get; } = WordTokenizer.ForBenchmark();

    public static LlavaForConditionalGeneration NewModel(long seed = 3) => LlavaForConditionalGeneration.Create(Config, seed);

    public static IReadOnlyList<BenchmarkSample> Samples(string task, int count, int seed = 1) =>
        BenchmarkData.Generate(task, BenchmarkData.EvalSplit, count, seed);

    public static MllmBatch Batch(params string[] tasks) =>
        BatchCollator.ForTraining(tasks.Select((t, i) => BenchmarkData.GenerateOne(t, BenchmarkData.TrainSplit, 1, i)).ToArray(), Tokenizer);
}
