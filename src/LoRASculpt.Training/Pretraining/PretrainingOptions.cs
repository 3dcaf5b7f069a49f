using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LoRASculpt.Core.Benchmark;

namespace LoRASculpt.Training.Pretraining;

/// <summary>
/// Recipe for pretraining the base MLLM from scratch on the source tasks (never on target data):
/// AdamW, linear warmup then cosine decay to <see cref="FinalLearningRateFraction"/>, global grad-norm clip.
/// Every batch mixes the tasks round-robin with fresh procedurally generated items, so no item repeats.
/// </summary>
public sealed record PretrainingOptions
{
    public int Steps { get; init; } = 1500;

    public int BatchSize { get; init; } = 48;

    public double LearningRate { get; init; } = 1e-3;

    public double WeightDecay { get; init; } = 0.01;

    public int WarmupSteps { get; init; } = 60;

    public double FinalLearningRateFraction { get; init; } = 0.05;

    public double GradClip { get; init; } = 1.0;

    /// <summary>Tasks mixed into every batch; defaults to all source tasks.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = BenchmarkTasks.SourceNames;

    public static PretrainingOptions Default { get; } = new();

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException("Pretraining Steps must be at least 1.");
        if (BatchSize < 1) throw new ArgumentException("Pretraining BatchSize must be at least 1.");
        if (!(LearningRate > 0)) throw new ArgumentException("Pretraining LearningRate must be positive.");
        if (WeightDecay < 0) throw new ArgumentException("Pretraining WeightDecay must be non-negative.");
        if (WarmupSteps < 0 || WarmupSteps >= Steps) throw new ArgumentException("Pretraining WarmupSteps must be in [0, Steps).");
        if (FinalLearningRateFraction is < 0 or > 1) throw new ArgumentException("Pretraining FinalLearningRateFraction must be in [0, 1].");
        if (Tasks.Count == 0) throw new ArgumentException("Pretraining needs at least one task.");
        foreach (var task in Tasks)
        {
            if (BenchmarkTasks.Get(task).IsTarget)
                throw new ArgumentException($"Pretraining must not see target task '{task}'.");
        }
    }

    /// <summary>Learning rate at 0-based step: linear warmup, then cosine from the peak to the final fraction.</summary>
    public double LearningRateAt(int step)
    {
        if (step < WarmupSteps) return LearningRate * (step + 1) / WarmupSteps;
        var progress = (double)(step - WarmupSteps) / Math.Max(1, Steps - WarmupSteps);
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return LearningRate * (FinalLearningRateFraction + (1 - FinalLearningRateFraction) * cosine);
    }

    /// <summary>Stable hash of the recipe: part of the saved base model's key.</summary>
    public string RecipeHash()
    {
        var c = CultureInfo.InvariantCulture;
        var canonical = string.Join(";", Data.BatchCollator.ImagePreprocessing, Model.LlavaForConditionalGeneration.InitScheme, Steps, BatchSize, LearningRate.ToString("R", c), WeightDecay.ToString("R", c), WarmupSteps,
            FinalLearningRateFraction.ToString("R", c), GradClip.ToString("R", c), string.Join(",", Tasks));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..8];
    }
}
