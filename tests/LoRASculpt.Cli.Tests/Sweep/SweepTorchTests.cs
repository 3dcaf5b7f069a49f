using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Execution;
using LoRASculpt.Training.Pretraining;
using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Cli.Tests.Sweep;

/// <summary>
/// One real sweep through the torch executor on the smallest preset (2-step base pretraining, 6 training steps,
/// 8 evaluation items): adapters and checkpoints land in the artifact store and the table is printed.
/// </summary>
public sealed class SweepTorchTests : IDisposable
{
    private readonly SweepCli _cli = new((services, dataDirectory) => services.AddTorchJobExecutor(o =>
    {
        o.LocalDirectory = dataDirectory;
        o.ShareBaseModels = false;
        o.Pretraining = new PretrainingOptions { Steps = 2, BatchSize = 4, WarmupSteps = 1 };
    }));

    [Fact]
    public void A_tiny_torch_sweep_trains_checkpoints_evaluates_and_reports()
    {
        var file = _cli.WriteFile("torch.yaml", """
            name: torch-tiny
            base_model: micro-llava
            target: icon-mc
            sources: [shape-vqa]
            methods: [lora, lorasculpt]
            trial_kind: torch
            eval_shards: 2
            parameters:
              steps: {value: 6}
              prune_step: {value: 2}
              batch_size: {value: 4}
              train_samples: {value: 16}
              eval_samples: {value: 8}
              checkpoint_every: {value: 2}
            """);

        var result = _cli.Run("run", file, "--output", Path.Combine(_cli.WorkDirectory, "out"));

        Assert.True(result.Exit == SweepExitCodes.Success, result.Output + result.Error);
        Assert.Contains("2 of 2 trials completed", result.Output);
        var csv = File.ReadAllLines(Path.Combine(_cli.WorkDirectory, "out", "results.csv"));
        Assert.Equal(3, csv.Length);
        var artifacts = Path.Combine(_cli.DataDirectory, "artifacts");
        foreach (var trialId in csv.Skip(1).Select(line => line.Split(',')[0]))
        {
            Assert.True(File.Exists(Path.Combine(artifacts, "adapters", trialId, "a1", "adapter.safetensors")));
            // Checkpoints at steps 2 and 4 (none at the last step); the newer supersedes the older in the store.
            var root = Path.Combine(artifacts, "checkpoints", trialId);
            var checkpoints = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f));
            Assert.Equal([Path.Combine("checkpoint-000004", "state.safetensors")], checkpoints);
        }
    }

    public void Dispose() => _cli.Dispose();
}
