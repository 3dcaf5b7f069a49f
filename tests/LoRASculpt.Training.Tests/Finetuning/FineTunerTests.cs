using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Diagnostics;
using LoRASculpt.Training.Finetuning;
using LoRASculpt.Training.Safetensors;
using LoRASculpt.Training.Tests.Adapters;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Finetuning;

public sealed class FineTunerTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "lorasculpt-tests", Guid.NewGuid().ToString("N"));

    private static readonly (string, string)[] Sculpt =
    [
        ("rank", "3"), ("density_a", "0.25"), ("density_b", "0.5"), ("prune_step", "4"), ("steps", "14"), ("batch_size", "4"),
        ("lr", "0.02"), ("lora_dropout", "0.1"), ("alpha", "0.01"), ("connector", "lora"), ("beta", "0.001"), ("checkpoint_every", "3"), ("seed", "5"),
    ];

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Pruned_entries_stay_zero_through_training_and_in_the_saved_adapter()
    {
        var settings = ToyMllm.Settings("lorasculpt", Sculpt);
        using var run = new ToyRun(settings);
        var densities = new List<double>();
        var progress = new SyncProgress<TrainProgress>(p =>
        {
            if (p.Step > settings.PruneStep)
                densities.Add(run.Adapters.DecoderModules.Max(m => DensityMeter.Density(m.Adapter.A)));
        });
        var result = run.Run(progress: progress);
        Assert.Equal(14, result.Steps);
        Assert.True(result.FinalLoss.CmrLlm > 0 && result.FinalLoss.CmrConnector > 0);
        // A is 3 x 6 (18 entries, keep floor(0.25 * 18) = 4) or 3 x 12; never denser after pruning.
        Assert.All(densities, d => Assert.True(d <= 0.25));
        // The connector's LoRA is not hard-pruned (prune_connector is off): beta's L1 term sparsifies it softly.
        Assert.All(run.Adapters.ConnectorModules, m => Assert.False(run.Tuner.Masks.ByName.ContainsKey($"{m.PeftPrefix}.lora_A.weight")));
        foreach (var m in run.Adapters.DecoderModules)
        {
            var mask = run.Tuner.Masks.ByName[$"{m.PeftPrefix}.lora_A.weight"];
            Assert.Equal(MagnitudeMask.KeepCount(m.Adapter.A.numel(), 0.25), (int)mask.sum().item<float>());
            Assert.Equal(0f, (m.Adapter.A * (1 - mask)).abs().sum().item<float>());
        }

        var path = Path.Combine(directory, "adapter.safetensors");
        AdapterFile.Save(path, settings, run.Adapters);
        var saved = SafetensorsFile.Read(path);
        foreach (var m in run.Adapters.DecoderModules)
        {
            var a = saved.Tensors[$"{m.PeftPrefix}.lora_A.weight"].Values;
            var b = saved.Tensors[$"{m.PeftPrefix}.lora_B.weight"].Values;
            Assert.True(a.Count(v => v != 0) <= MagnitudeMask.KeepCount(a.Length, 0.25));
            Assert.True(b.Count(v => v != 0) <= MagnitudeMask.KeepCount(b.Length, 0.5));
            Assert.True(b.Count(v => v != 0) > 0);
        }
        Assert.Equal("lorasculpt", saved.Metadata["method"]);
    }

    [Fact]
    public void A_resumed_run_ends_bitwise_equal_to_an_uninterrupted_one()
    {
        var settings = ToyMllm.Settings("lorasculpt", Sculpt);
        Dictionary<string, float[]> expected;
        FineTuneResult uninterrupted;
        using (var run = new ToyRun(settings))
        {
            uninterrupted = run.Run();
            expected = run.Snapshot();
        }

        // Interrupt after step 8: the newest checkpoint is step 6 (before pruning was 4; masks are in it).
        var checkpoints = Path.Combine(directory, "checkpoints");
        using (var cts = new CancellationTokenSource())
        using (var run = new ToyRun(settings))
        {
            var progress = new SyncProgress<TrainProgress>(p => { if (p.Step == 8) cts.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => run.Run(checkpoints, progress, cts.Token));
        }
        Assert.Equal(["checkpoint-000006"], Directory.GetDirectories(checkpoints).Select(Path.GetFileName));

        using (var run = new ToyRun(settings))
        {
            var resumed = run.Run(checkpoints);
            Assert.Equal(6, resumed.ResumedFromStep);
            Assert.Equal(uninterrupted.FinalLoss, resumed.FinalLoss);
            var actual = run.Snapshot();
            Assert.Equal(expected.Keys, actual.Keys);
            foreach (var (name, values) in expected)
                Assert.True(values.AsSpan().SequenceEqual(actual[name]), $"{name} differs after resume");
        }
    }

    [Fact]
    public void A_checkpoint_from_other_settings_is_refused()
    {
        var checkpoints = Path.Combine(directory, "checkpoints");
        using (var run = new ToyRun(ToyMllm.Settings("lorasculpt", Sculpt)))
            run.Run(checkpoints);
        var other = Sculpt.Select(p => p.Item1 == "lr" ? ("lr", "0.01") : p).ToArray();
        using var second = new ToyRun(ToyMllm.Settings("lorasculpt", other));
        var ex = Assert.Throws<InvalidOperationException>(() => second.Run(checkpoints));
        Assert.Contains("different settings", ex.Message);
    }

    [Fact]
    public void A_non_finite_loss_raises_a_distinct_exception()
    {
        using var run = new ToyRun(ToyMllm.Settings("lora", ("lr", "1e30"), ("steps", "20"), ("grad_clip", "0"), ("warmup_ratio", "0")));
        var ex = Assert.Throws<NonFiniteLossException>(() => run.Run());
        Assert.InRange(ex.Step, 1, 19);
    }

    [Theory]
    [InlineData("lora")]
    [InlineData("dora")]
    [InlineData("l2")]
    [InlineData("orthreg")]
    public void Every_trained_method_reduces_the_task_loss(string method)
    {
        using var run = new ToyRun(ToyMllm.Settings(method, ("steps", "30"), ("lr", "0.02"), ("batch_size", "32"), ("lora_dropout", "0")));
        using var before = run.Model.TaskLoss(Enumerable.Range(0, 32).ToArray());
        var initial = before.item<float>();
        var result = run.Run();
        Assert.True(result.FinalLoss.Task < initial * 0.9, $"{method}: {result.FinalLoss.Task} vs {initial}");
        Assert.Equal(method is "l2" or "orthreg", result.FinalLoss.Regularizer > 0);
    }
}
