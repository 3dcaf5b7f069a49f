using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Data;
using LoRASculpt.Training.Pretraining;
using LoRASculpt.Training.Safetensors;
using LoRASculpt.Training.Tokenization;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Pretraining;

public sealed class BaseModelStoreTests : IDisposable
{
    private static readonly PretrainingOptions Tiny = new() { Steps = 3, BatchSize = 4, WarmupSteps = 1 };
    private readonly string root = Path.Combine(Path.GetTempPath(), $"basemodels-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Pretraining_is_deterministic_for_a_seed()
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        var (a, ra) = BasePretrainer.Pretrain(ModelPresets.Micro, tokenizer, Tiny, seed: 4);
        var (b, _) = BasePretrainer.Pretrain(ModelPresets.Micro, tokenizer, Tiny, seed: 4);
        using (a)
        using (b)
        {
            Assert.Equal(3, ra.Steps);
            Assert.True(double.IsFinite(ra.FinalLoss));
            foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
                Assert.True(pa.data<float>().ToArray().SequenceEqual(pb.data<float>().ToArray()), name);
        }
    }

    [Fact]
    public void Saved_base_model_is_reused_and_reloads_with_identical_logits()
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        var store = new BaseModelStore(root);
        var (model, report) = store.GetOrCreate(ModelPresets.Micro, 2, tokenizer, Tiny);
        Assert.NotNull(report);
        var path = store.PathFor(ModelPresets.Micro, 2, Tiny);
        Assert.True(File.Exists(path));
        Assert.Contains(BenchmarkData.Version, path);
        Assert.Contains(ModelPresets.Micro.ConfigHash(), path);
        var metadata = SafetensorsFile.ReadMetadata(path);
        Assert.Equal("2", metadata["seed"]);
        Assert.Equal(BenchmarkData.Version, metadata["benchmark_version"]);

        var (reloaded, secondReport) = store.GetOrCreate(ModelPresets.Micro, 2, tokenizer, Tiny);
        using (model)
        using (reloaded)
        {
            Assert.Null(secondReport);
            using var batch = BatchCollator.ForTraining(BenchmarkData.Generate("spatial-qa", BenchmarkData.EvalSplit, 2, 0), tokenizer);
            using var expected = model.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
            using var actual = reloaded.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
            Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Keys_separate_seeds_recipes_and_shapes()
    {
        var key = BaseModelStore.Key(ModelPresets.Micro, 1, Tiny);
        Assert.NotEqual(key, BaseModelStore.Key(ModelPresets.Micro, 2, Tiny));
        Assert.NotEqual(key, BaseModelStore.Key(ModelPresets.Micro, 1, Tiny with { Steps = 4 }));
        Assert.NotEqual(key, BaseModelStore.Key(ModelPresets.TinyLlava, 1, Tiny));
        Assert.Equal(key, BaseModelStore.Key(ModelPresets.Micro, 1, Tiny with { }));
    }

    [Fact]
    public void Pretraining_refuses_target_tasks()
    {
        var options = Tiny with { Tasks = ["shape-vqa", "icon-mc"] };
        Assert.Throws<ArgumentException>(() => BasePretrainer.Pretrain(ModelPresets.Micro, WordTokenizer.ForBenchmark(), options, 1));
    }

    [Fact]
    public void Learning_rate_warms_up_then_decays_by_cosine()
    {
        var options = new PretrainingOptions { Steps = 110, WarmupSteps = 10, LearningRate = 1.0, FinalLearningRateFraction = 0.1 };
        Assert.Equal(0.1, options.LearningRateAt(0), 12);
        Assert.Equal(1.0, options.LearningRateAt(9), 12);
        Assert.Equal(1.0, options.LearningRateAt(10), 12);
        Assert.Equal(0.55, options.LearningRateAt(60), 12);
        Assert.Equal(0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * 99 / 100)), options.LearningRateAt(109), 12);
    }
}
