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
/// A present file is reused, never retrained; an absent one is first copied from the build's
/// <see cref="ShippedBaseModels"/> when that is the same key, and pretrained only otherwise. Writes are atomic
/// (temporary file, then rename) and a lock file keeps two processes from pretraining the same key at once.
/// </summary>
public sealed class BaseModelStore(string rootDirectory, ShippedBaseModels? shipped = null)
{
    public const string FileName = "model.safetensors";

    private readonly ShippedBaseModels? shipped = shipped;
    /// <summary>Store paths known to hold their shipped file (concurrent: worker slots share a store).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> installed = new(StringComparer.Ordinal);

    public string RootDirectory { get; } = Path.GetFullPath(rootDirectory);

    /// <summary>Called with the reason when a shipped base model exists but is not this build's (pretraining follows).</summary>
    public Action<string>? Notice { get; init; }

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
    public string Save(LlavaForConditionalGeneration model, long seed, PretrainingOptions options, PretrainingReport report) =>
        SaveAs(PathFor(model.Config, seed, options), model, seed, options, report);

    /// <summary>Saves to any path (e.g. the repository's shipped copy) with the same metadata as <see cref="Save"/>.</summary>
    public static string SaveAs(string path, LlavaForConditionalGeneration model, long seed, PretrainingOptions options, PretrainingReport report)
    {
        SafetensorsTorch.SaveModule(model, path, BaseModelMetadata.Describe(model.Config, seed, options, report));
        return path;
    }

    /// <summary>
    /// Makes the store hold the shipped base model when one ships for this key: it wins over a copy pretrained on this
    /// machine under the same key (whose weights depend on this machine's threads and CPU, so its scores would not be
    /// the README's). That copy is kept, renamed <c>model.pretrained-here-{time}.safetensors</c>, not overwritten.
    /// False when nothing usable is shipped (a mismatched one is reported through <see cref="Notice"/>).
    /// </summary>
    public bool TryInstallShipped(MllmConfig config, long seed, PretrainingOptions options)
    {
        if (shipped is null) return false;
        var check = shipped.Check(config, seed, options);
        if (check.Status == ShippedBaseModelStatus.Mismatch) Notice?.Invoke(check.Problem!);
        if (check.Status != ShippedBaseModelStatus.Usable) return false;
        var path = PathFor(config, seed, options);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        // Checked once per store: after that the file in the store is the shipped one (trials load it for every job).
        if (installed.ContainsKey(path)) return true;
        // Worker slots of one silo (threads) and CLI processes share the store: one at a time compares, sets aside and copies,
        // or two could both set the same local base aside (the second move finds no file) or load a file being replaced.
        using var _ = AcquireLock(Path.Combine(directory, ".lock"), CancellationToken.None);
        if (installed.ContainsKey(path)) return true;
        if (File.Exists(path))
        {
            if (SameBytes(path, check.Path))
            {
                installed[path] = true;
                return true;
            }
            var aside = Path.Combine(directory, $"model.pretrained-here-{DateTime.UtcNow:yyyyMMddHHmmssfff}{BaseModelMetadata.Extension}");
            File.Move(path, aside);
            Notice?.Invoke($"Using the shipped {config.Name} base model instead of the one pretrained on this machine, which is kept as {aside}");
        }
        var temp = Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.Copy(check.Path, temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        installed[path] = true;
        return true;
    }

    private static bool SameBytes(string a, string b)
    {
        if (new FileInfo(a).Length != new FileInfo(b).Length) return false;
        using var first = File.OpenRead(a);
        using var second = File.OpenRead(b);
        return System.Security.Cryptography.SHA256.HashData(first).AsSpan().SequenceEqual(System.Security.Cryptography.SHA256.HashData(second));
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
        if (TryInstallShipped(config, seed, options) || Exists(config, seed, options)) return (Load(config, seed, options), null);

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

    /// <summary>Pretrains the key afresh (whatever is saved or shipped) and saves it in the store: <c>lorasculpt pretrain</c>.</summary>
    public (LlavaForConditionalGeneration Model, PretrainingReport Report, string Path) Rebuild(
        MllmConfig config,
        long seed,
        WordTokenizer tokenizer,
        PretrainingOptions options,
        IProgress<PretrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(PathFor(config, seed, options))!;
        Directory.CreateDirectory(directory);
        using (AcquireLock(Path.Combine(directory, ".lock"), cancellationToken))
        {
            var (model, report) = BasePretrainer.Pretrain(config, tokenizer, options, seed, progress, cancellationToken);
            return (model, report, Save(model, seed, options, report));
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
