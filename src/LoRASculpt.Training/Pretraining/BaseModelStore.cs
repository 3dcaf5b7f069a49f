using System.Globalization;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Safetensors;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Pretraining;

/// <summary>
/// Pretrained base models on disk, one directory per key
/// "{preset}-{config hash}-seed{seed}-{benchmark version}-{recipe hash}" holding "model.safetensors"
/// (Hugging Face parameter names, metadata describing the key and the pretraining run).
/// A present file is reused, never retrained; writes are atomic (temporary file, then rename) and a lock
/// file keeps two processes from pretraining the same key at once.
/// </summary>
public sealed class BaseModelStore(string rootDirectory)
{
    public const string FileName = "model.safetensors";

    public string RootDirectory { get; } = Path.GetFullPath(rootDirectory);

    public static string Key(MllmConfig config, long seed, PretrainingOptions options) =>
        $"{config.Name}-{config.ConfigHash()}-seed{seed.ToString(CultureInfo.InvariantCulture)}-{BenchmarkData.Version}-{options.RecipeHash()}";

    public string PathFor(MllmConfig config, long seed, PretrainingOptions options) =>
        Path.Combine(RootDirectory, Key(config, seed, options), FileName);

    public bool Exists(MllmConfig config, long seed, PretrainingOptions options) => File.Exists(PathFor(config, seed, options));

    /// <summary>Loads a saved base model (throws <see cref="FileNotFoundException"/> when absent).</summary>
    public LlavaForConditionalGeneration Load(MllmConfig config, long seed, PretrainingOptions options)
    {
        var path = PathFor(config, seed, options);
        if (!File.Exists(path)) throw new FileNotFoundException($"No base model for key {Key(config, seed, options)}.", path);
        var model = LlavaForConditionalGeneration.Create(config, seed);
        try
        {
            SafetensorsTorch.LoadIntoModule(model, path);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Saves atomically with metadata describing the key and the run.</summary>
    public string Save(LlavaForConditionalGeneration model, long seed, PretrainingOptions options, PretrainingReport report)
    {
        var path = PathFor(model.Config, seed, options);
        var c = CultureInfo.InvariantCulture;
        SafetensorsTorch.SaveModule(model, path, new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["preset"] = model.Config.Name,
            ["config_hash"] = model.Config.ConfigHash(),
            ["seed"] = seed.ToString(c),
            ["benchmark_version"] = BenchmarkData.Version,
            ["recipe_hash"] = options.RecipeHash(),
            ["pretrain_steps"] = report.Steps.ToString(c),
            ["pretrain_batch_size"] = report.BatchSize.ToString(c),
            ["pretrain_seconds"] = report.WallTime.TotalSeconds.ToString("F1", c),
            ["pretrain_final_loss"] = report.FinalLoss.ToString("R", c),
        });
        return path;
    }

    /// <summary>
    /// The base model for (config, seed, recipe): loaded when saved, otherwise pretrained and saved.
    /// <c>Report</c> is null when the model was reused.
    /// </summary>
    public (LlavaForConditionalGeneration Model, PretrainingReport? Report) GetOrCreate(
        MllmConfig config,
        long seed,
        WordTokenizer tokenizer,
        PretrainingOptions? options = null,
        IProgress<PretrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= PretrainingOptions.Default;
        if (Exists(config, seed, options)) return (Load(config, seed, options), null);

        var directory = Path.GetDirectoryName(PathFor(config, seed, options))!;
        Directory.CreateDirectory(directory);
        using (AcquireLock(Path.Combine(directory, ".lock"), cancellationToken))
        {
            // Another process may have finished it while we waited for the lock.
            if (Exists(config, seed, options)) return (Load(config, seed, options), null);
            var (model, report) = BasePretrainer.Pretrain(config, tokenizer, options, seed, progress, cancellationToken);
            Save(model, seed, options, report);
            return (model, report);
        }
    }

    private static FileStream AcquireLock(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                // Held by another process that is pretraining this key: wait for it.
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
