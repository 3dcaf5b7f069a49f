using LoRASculpt.Core.Benchmark.Generation;

namespace LoRASculpt.Core.Benchmark;

/// <summary>
/// Procedural, seeded data for the built-in tasks. Item i of (task, split, seed) depends only on those four
/// values, so any count gives a prefix of a larger count and every machine generates identical data.
/// </summary>
public static class BenchmarkData
{
    /// <summary>Bump whenever generation changes: saved base models and scores are keyed by it.</summary>
    public const string Version = "bench-v5";

    public const int ImageSize = 32;
    public const int Channels = 3;

    public const string TrainSplit = "train";
    public const string EvalSplit = "eval";

    public static IReadOnlyList<string> Splits { get; } = [TrainSplit, EvalSplit];

    public static IReadOnlyList<BenchmarkSample> Generate(string task, string split, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var generator = GeneratorFor(task);
        var splitIndex = SplitIndex(split);
        var taskIndex = TaskIndex(task);
        var samples = new BenchmarkSample[count];
        for (var i = 0; i < count; i++)
            samples[i] = Create(task, split, seed, i, generator(new Random(ItemSeed(taskIndex, splitIndex, seed, i))));
        return samples;
    }

    /// <summary>One item (same as Generate(...)[index]) without generating the ones before it.</summary>
    public static BenchmarkSample GenerateOne(string task, string split, int seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var item = GeneratorFor(task)(new Random(ItemSeed(TaskIndex(task), SplitIndex(split), seed, index)));
        return Create(task, split, seed, index, item);
    }

    private static BenchmarkSample Create(string task, string split, int seed, int index, GeneratedItem item) =>
        new($"{task}/{split}/{seed}/{index}", task, item.Image, item.Question, item.Answer, item.References);

    private static Func<Random, GeneratedItem> GeneratorFor(string task) => BenchmarkTasks.Get(task).Name switch
    {
        "shape-vqa" => ShapeVqaGenerator.Generate,
        "text-ocr" => TextOcrGenerator.Generate,
        "spatial-qa" => SpatialQaGenerator.Generate,
        "count-vqa" => CountVqaGenerator.Generate,
        "icon-mc" => IconMcGenerator.Generate,
        "scene-captions" => SceneCaptionGenerator.Generate,
        _ => throw new ArgumentException($"Task '{task}' has no generator.", nameof(task)),
    };

    private static int TaskIndex(string task) => BenchmarkTasks.All.ToList().FindIndex(t => t.Name == task);

    private static int SplitIndex(string split) => split switch
    {
        TrainSplit => 0,
        EvalSplit => 1,
        _ => throw new ArgumentException($"Unknown split '{split}'. Known splits: {TrainSplit}, {EvalSplit}.", nameof(split)),
    };

    /// <summary>SplitMix64 over the four coordinates: stable across runtimes (unlike string.GetHashCode).</summary>
    private static int ItemSeed(int task, int split, int seed, int index)
    {
        var x = Mix(0x9E3779B97F4A7C15UL ^ (ulong)(uint)task);
        x = Mix(x ^ (ulong)(uint)split);
        x = Mix(x ^ (ulong)(uint)seed);
        x = Mix(x ^ (ulong)(uint)index);
        return (int)(x & 0x7FFFFFFF);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
