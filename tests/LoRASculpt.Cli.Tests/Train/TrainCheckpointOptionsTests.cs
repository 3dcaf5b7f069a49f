using System.CommandLine;
using LoRASculpt.Cli.Commands;

namespace LoRASculpt.Cli.Tests.Train;

/// <summary>`lorasculpt train` with a checkpoint directory (--base-model/--model) and an evaluation suite (--suite).</summary>
public sealed class TrainCheckpointOptionsTests : IDisposable
{
    private readonly CheckpointFiles _files = new();

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(TrainCommand.Create(output, error));
        // An unusable data directory: a run that got past validation fails at once instead of training.
        var exit = CommandRunner.Run(root, ["train", "--data-dir", "/dev/null/none", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string UsageError(params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(CommandRunner.UsageError, exit);
        Assert.Equal("", output);
        return error.TrimEnd();
    }

    [Fact]
    public void A_missing_checkpoint_directory_is_named()
    {
        Assert.Equal($"error: --base-model: checkpoint directory {_files.Root}/absent does not exist",
            UsageError("--base-model", _files.Root + "/absent/", "--suite", _files.Suite));
        Assert.Equal($"error: --base-model: checkpoint directory {_files.Root}/models has no config.json (a Hugging Face LLaVA checkpoint directory holds config.json and its *.safetensors)",
            UsageError("--model", _files.Root + "/models", "--suite", _files.Suite));
    }

    [Fact]
    public void A_checkpoint_needs_a_suite_and_a_suite_needs_a_checkpoint()
    {
        Assert.Equal($"error: --suite: the checkpoint directory {_files.Checkpoint} needs an evaluation suite file to train and evaluate on: the built-in benchmark is written for the presets' word tokenizer, not a checkpoint's",
            UsageError("--model", _files.Checkpoint, "--target", "icon-mc"));
        Assert.Equal("error: --suite: the evaluation suite 'mini' needs a checkpoint directory as base_model, not the preset 'tiny-llava': a preset's word tokenizer cannot read real data",
            UsageError("--suite", _files.Suite, "--target", "iconqa-txt"));
    }

    [Fact]
    public void Suite_file_problems_name_the_file()
    {
        var missing = Path.Combine(_files.Root, "none.json");
        Assert.Equal($"error: --suite: suite file {missing} does not exist", UsageError("--model", _files.Checkpoint, "--suite", missing));

        File.WriteAllText(_files.Suite, File.ReadAllText(_files.Suite).Replace("\"version\": \"v1\", ", ""));
        Assert.Equal($"error: --suite: {_files.Suite}: version: required: a version string that scores are recorded with",
            UsageError("--model", _files.Checkpoint, "--suite", _files.Suite));
    }

    [Fact]
    public void Target_and_sources_name_the_suites_datasets()
    {
        Assert.Equal(string.Join(Environment.NewLine,
                "error: --target: target_task must be a target dataset of suite 'mini' (iconqa-txt); got 'okvqa'",
                "error: --sources: source_tasks must be source datasets of suite 'mini' (textvqa, okvqa); got 'shape-vqa'"),
            UsageError("--model", _files.Checkpoint, "--suite", _files.Suite, "--target", "okvqa", "--sources", "shape-vqa,textvqa"));
    }

    [Fact]
    public void Zero_samples_are_refused_on_the_builtin_benchmark()
    {
        Assert.Equal("error: --train_samples: train_samples must be >= 1 on the built-in benchmark (0, meaning all items, is for suite datasets), got 0",
            UsageError("--train-samples", "0"));
    }

    [Fact]
    public void A_valid_checkpoint_run_defaults_to_the_suites_only_target_and_all_its_sources()
    {
        var (exit, output, _) = Run("--model", _files.Checkpoint, "--suite", _files.Suite, "--eval-samples", "0", "--precision", "bf16");

        // Validation passed (the unusable data directory stops the run right after).
        Assert.NotEqual(CommandRunner.UsageError, exit);
        Assert.StartsWith($"Trial: method=lorasculpt target=iconqa-txt base={_files.Checkpoint} sources=textvqa,okvqa{Environment.NewLine}", output);
        Assert.Contains(" eval_samples=0 ", output);
        Assert.Contains(" precision=bf16 ", output);
    }

    [Fact]
    public void Help_describes_checkpoints_and_suites()
    {
        var (exit, output, _) = Run("--help");

        Assert.Equal(0, exit);
        Assert.Contains("--base-model, --model", output);
        Assert.Contains("--suite <file>", output);
        Assert.Contains("With --suite, a target dataset of the suite (default: its only target).", output);
        Assert.Contains("With --suite, source datasets of the suite (default: all of them).", output);
    }

    public void Dispose() => _files.Dispose();
}
