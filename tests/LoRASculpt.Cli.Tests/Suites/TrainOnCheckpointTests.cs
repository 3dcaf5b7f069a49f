using System.CommandLine;
using LoRASculpt.Cli.Commands;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Tests.Checkpoints;

namespace LoRASculpt.Cli.Tests.Suites;

/// <summary>
/// `lorasculpt train` on a checkpoint directory and a suite, with the options infra/gpu-smoke.sh passes (bf16,
/// gradient checkpointing), on the CPU: the one-trial path a user tries before a sweep.
/// </summary>
public sealed class TrainOnCheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lorasculpt-train-checkpoint-").FullName;

    [Fact]
    public void Train_loads_the_checkpoint_fine_tunes_on_the_suite_target_and_scores_every_suite_dataset()
    {
        var model = Path.Combine(_root, "model");
        TinyCheckpoints.Write(model, CheckpointLayout.Transformers).Dispose();
        var suite = TinySuite.Write(Path.Combine(_root, "suite"));
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(TrainCommand.Create(output, error));

        var exit = CommandRunner.Run(root,
        [
            "train", "--method", "lorasculpt", "--model", model, "--suite", suite, "--target", TinySuite.Target,
            "--data-dir", Path.Combine(_root, "data"), "--device", "cpu",
            "--steps", "4", "--prune_step", "2", "--batch_size", "4", "--rank", "4", "--lora_alpha", "8",
            "--precision", "bf16", "--gradient_checkpointing", "true", "--eval_samples", "4", "--train_samples", "8",
        ], output, error);

        var text = output.ToString();
        Assert.True(exit == CommandRunner.Success, text + error);
        Assert.Contains($"Loaded checkpoint {model} in", text);
        Assert.Contains("suite tiny-squares v1+", text);
        Assert.Contains("step 4/4", text);
        // Base and trial scores for the target and both sources, by the suite's metrics.
        Assert.Matches(@"side\s+target\s+ExactMatch\s+4", text);
        Assert.Matches(@"colour\s+source\s+VqaAccuracy\s+4", text);
        Assert.Matches(@"size\s+source\s+ExactMatch\s+4", text);
    }

    [Fact]
    public void A_cuda_device_on_a_build_without_cuda_is_refused_before_anything_loads()
    {
        if (TorchSharp.torch.cuda.is_available()) return; // the CUDA build on a GPU host accepts it
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(TrainCommand.Create(output, error));

        var exit = CommandRunner.Run(root, ["train", "--method", "lora", "--device", "cuda:0", "--data-dir", Path.Combine(_root, "data")], output, error);

        Assert.Equal(CommandRunner.UsageError, exit);
        Assert.StartsWith("error: --device: Device 'cuda:0' needs CUDA", error.ToString());
        Assert.False(Directory.Exists(Path.Combine(_root, "data")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
