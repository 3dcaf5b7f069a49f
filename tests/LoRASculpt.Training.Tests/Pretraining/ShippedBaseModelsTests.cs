using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Pretraining;
using LoRASculpt.Training.Safetensors;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Pretraining;

public sealed class ShippedBaseModelsTests : IDisposable
{
    private static readonly PretrainingOptions Tiny = new() { Steps = 3, BatchSize = 4, WarmupSteps = 1 };
    private readonly string root = Path.Combine(Path.GetTempPath(), $"shipped-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void The_build_ships_the_default_base_model_of_this_benchmark_version_and_it_loads()
    {
        var check = ShippedBaseModels.Default.Check(ModelPresets.TinyLlava, 0, PretrainingOptions.Default);
        Assert.True(check.Status == ShippedBaseModelStatus.Usable, check.Problem ?? $"no file at {check.Path}");
        Assert.Equal(BenchmarkData.Version, SafetensorsFile.ReadMetadata(check.Path)["benchmark_version"]);

        var store = new BaseModelStore(Path.Combine(root, "store"), ShippedBaseModels.Default);
        var (model, report) = store.GetOrCreate(ModelPresets.TinyLlava, 0, WordTokenizer.ForBenchmark());
        using (model)
        {
            Assert.Null(report); // loaded, not pretrained
            Assert.Equal(File.ReadAllBytes(check.Path), File.ReadAllBytes(store.PathFor(ModelPresets.TinyLlava, 0, PretrainingOptions.Default)));
        }
    }

    [Fact]
    public void A_matching_shipped_file_is_installed_instead_of_pretraining()
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        var shippedPath = Ship(tokenizer, metadata => { });
        var store = new BaseModelStore(Path.Combine(root, "store"), new ShippedBaseModels(Path.Combine(root, "shipped")));

        var (model, report) = store.GetOrCreate(ModelPresets.Micro, 2, tokenizer, Tiny);
        model.Dispose();

        Assert.Null(report);
        Assert.Equal(File.ReadAllBytes(shippedPath), File.ReadAllBytes(store.PathFor(ModelPresets.Micro, 2, Tiny)));
    }

    [Fact]
    public void The_shipped_file_wins_over_a_base_pretrained_here_which_is_kept_aside()
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        var shippedPath = Ship(tokenizer, metadata => { });
        var local = new BaseModelStore(Path.Combine(root, "store"));
        var (pretrained, report) = local.GetOrCreate(ModelPresets.Micro, 2, tokenizer, Tiny);
        pretrained.Dispose();
        Assert.NotNull(report);
        var storePath = local.PathFor(ModelPresets.Micro, 2, Tiny);
        var pretrainedHere = File.ReadAllBytes(storePath);
        File.WriteAllBytes(storePath, [.. pretrainedHere.Take(pretrainedHere.Length - 1), (byte)(pretrainedHere[^1] ^ 1)]); // another machine's bits
        var localBytes = File.ReadAllBytes(storePath);
        var notices = new List<string>();
        var store = new BaseModelStore(Path.Combine(root, "store"), new ShippedBaseModels(Path.Combine(root, "shipped"))) { Notice = notices.Add };

        var (model, again) = store.GetOrCreate(ModelPresets.Micro, 2, tokenizer, Tiny);
        model.Dispose();

        Assert.Null(again);
        Assert.Equal(File.ReadAllBytes(shippedPath), File.ReadAllBytes(storePath));
        var aside = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(storePath)!, "model.pretrained-here-*"));
        Assert.Equal(localBytes, File.ReadAllBytes(aside));
        Assert.Contains(notices, n => n.Contains("instead of the one pretrained on this machine", StringComparison.Ordinal));
        // Once installed, the same file is used as it is.
        store.GetOrCreate(ModelPresets.Micro, 2, tokenizer, Tiny).Model.Dispose();
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(storePath)!, "model.pretrained-here-*"));
    }

    [Fact]
    public async Task Worker_slots_installing_at_once_set_a_local_base_aside_once()
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        var shippedPath = Ship(tokenizer, metadata => { });
        var local = new BaseModelStore(Path.Combine(root, "store"));
        local.GetOrCreate(ModelPresets.Micro, 2, tokenizer, Tiny).Model.Dispose();
        var storePath = local.PathFor(ModelPresets.Micro, 2, Tiny);
        var bytes = File.ReadAllBytes(storePath);
        File.WriteAllBytes(storePath, [.. bytes.Take(bytes.Length - 1), (byte)(bytes[^1] ^ 1)]);
        // One store object shared by the slots of a silo, and a second one as another process would have.
        var shared = new BaseModelStore(Path.Combine(root, "store"), new ShippedBaseModels(Path.Combine(root, "shipped")));
        var other = new BaseModelStore(Path.Combine(root, "store"), new ShippedBaseModels(Path.Combine(root, "shipped")));
        using var start = new Barrier(6);

        var installed = Enumerable.Range(0, 6)
            .Select(i => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return (i % 2 == 0 ? shared : other).TryInstallShipped(ModelPresets.Micro, 2, Tiny);
            }, TaskCreationOptions.LongRunning))
            .ToArray();
        var results = await Task.WhenAll(installed);

        Assert.All(results, Assert.True);
        Assert.Equal(File.ReadAllBytes(shippedPath), File.ReadAllBytes(storePath));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(storePath)!, "model.pretrained-here-*"));
    }

    [Fact]
    public void A_shipped_file_of_another_benchmark_version_is_refused_with_the_reason_and_the_base_is_pretrained()
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        Ship(tokenizer, metadata => metadata["benchmark_version"] = "bench-v0");
        var notices = new List<string>();
        var store = new BaseModelStore(Path.Combine(root, "store"), new ShippedBaseModels(Path.Combine(root, "shipped"))) { Notice = notices.Add };

        var check = new ShippedBaseModels(Path.Combine(root, "shipped")).Check(ModelPresets.Micro, 2, Tiny);
        Assert.Equal(ShippedBaseModelStatus.Mismatch, check.Status);
        Assert.Contains($"benchmark_version bench-v0 where this build needs {BenchmarkData.Version}", check.Problem);
        Assert.Contains("lorasculpt pretrain --base-model micro-llava --output", check.Problem);

        var (model, report) = store.GetOrCreate(ModelPresets.Micro, 2, tokenizer, Tiny);
        model.Dispose();
        Assert.NotNull(report);
        Assert.Equal([check.Problem!], notices);
        Assert.Equal(BenchmarkData.Version, SafetensorsFile.ReadMetadata(store.PathFor(ModelPresets.Micro, 2, Tiny))["benchmark_version"]);
    }

    [Fact]
    public void Another_seed_or_recipe_does_not_use_the_shipped_file_and_an_absent_one_is_no_problem()
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        Ship(tokenizer, metadata => { });
        var shipped = new ShippedBaseModels(Path.Combine(root, "shipped"));
        Assert.Equal(ShippedBaseModelStatus.Mismatch, shipped.Check(ModelPresets.Micro, 3, Tiny).Status);
        Assert.Equal(ShippedBaseModelStatus.Mismatch, shipped.Check(ModelPresets.Micro, 2, Tiny with { Steps = 4 }).Status);
        var absent = shipped.Check(ModelPresets.TinyLlava, 2, Tiny);
        Assert.Equal(ShippedBaseModelStatus.Absent, absent.Status);
        Assert.Null(absent.Problem);
    }

    /// <summary>Pretrains micro-llava (seed 2, <see cref="Tiny"/>) and writes it as the shipped file, metadata edited.</summary>
    private string Ship(WordTokenizer tokenizer, Action<Dictionary<string, string>> edit)
    {
        var (model, report) = BasePretrainer.Pretrain(ModelPresets.Micro, tokenizer, Tiny, 2);
        using (model)
        {
            var metadata = BaseModelMetadata.Describe(ModelPresets.Micro, 2, Tiny, report);
            edit(metadata);
            var path = new ShippedBaseModels(Path.Combine(root, "shipped")).PathFor(ModelPresets.Micro);
            SafetensorsTorch.SaveModule(model, path, metadata);
            return path;
        }
    }
}
