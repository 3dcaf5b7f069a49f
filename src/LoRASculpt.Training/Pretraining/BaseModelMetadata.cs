using System.Globalization;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using TorchSharp;

namespace LoRASculpt.Training.Pretraining;

/// <summary>
/// The safetensors metadata of a saved base model: the fields of its store key (checked before a shipped copy is
/// used) and a description of the pretraining run that made it.
/// </summary>
public static class BaseModelMetadata
{
    public const string Extension = ".safetensors";

    /// <summary>Fields that must all match for a saved model to be the base model of (config, seed, recipe) under this build.</summary>
    public static IReadOnlyDictionary<string, string> KeyFields(MllmConfig config, long seed, PretrainingOptions options) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["preset"] = config.Name,
            ["config_hash"] = config.ConfigHash(),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["benchmark_version"] = BenchmarkData.Version,
            ["recipe_hash"] = options.RecipeHash(),
        };

    /// <summary>Key fields plus the run: steps, batch, wall time, final loss and the torch thread count it ran with.</summary>
    public static Dictionary<string, string> Describe(MllmConfig config, long seed, PretrainingOptions options, PretrainingReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>(KeyFields(config, seed, options), StringComparer.Ordinal)
        {
            ["format"] = "pt",
            ["pretrain_steps"] = report.Steps.ToString(c),
            ["pretrain_batch_size"] = report.BatchSize.ToString(c),
            ["pretrain_seconds"] = report.WallTime.TotalSeconds.ToString("F1", c),
            ["pretrain_final_loss"] = report.FinalLoss.ToString("R", c),
            // Pretraining's weights depend on the thread count (reduction order), so the file says which it had.
            ["pretrain_threads"] = torch.get_num_threads().ToString(c),
        };
        return metadata;
    }
}
