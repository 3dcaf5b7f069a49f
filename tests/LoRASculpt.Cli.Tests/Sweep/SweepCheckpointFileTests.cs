using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Sweeps.Builtin;

namespace LoRASculpt.Cli.Tests.Sweep;

/// <summary>`sweep validate` of the shipped LLaVA-1.5-7B sweep, pointed at temp files instead of ~/models and ~/data.</summary>
public sealed class SweepCheckpointFileTests : IDisposable
{
    private readonly SweepCli _cli = new();
    private readonly CheckpointFiles _files = new();

    private string Variant(string checkpoint, string suite) => _cli.WriteFile("llava.yaml", BuiltinSweeps.FindText(BuiltinSweeps.Llava15IconQa)!
        .Replace("base_model: ~/models/llava-1.5-7b-hf", "base_model: " + checkpoint)
        .Replace("suite: ~/data/lorasculpt-suite.json", "suite: " + suite));

    [Fact]
    public void The_llava_sweep_is_valid_when_its_checkpoint_and_suite_exist()
    {
        var file = Variant(_files.Checkpoint, _files.Suite);

        var result = _cli.Run("validate", file);

        Assert.Equal(SweepExitCodes.Success, result.Exit);
        Assert.Contains($"{file}: valid. Sweep s-", result.Output);
        Assert.Contains("2 trials (lora x1, lorasculpt x1)", result.Output);
    }

    [Fact]
    public void The_llava_sweep_without_its_checkpoint_says_the_directory_does_not_exist()
    {
        var absent = Path.Combine(_files.Root, "absent");
        var file = Variant(absent, _files.Suite);

        var result = _cli.Run("validate", file);

        Assert.Equal(SweepExitCodes.InvalidInput, result.Exit);
        Assert.Equal(string.Join(Environment.NewLine,
                $"error: {file}:14:13: base_model: checkpoint directory {absent} does not exist",
                $"{file}: 1 error; nothing was submitted."),
            result.Error.TrimEnd());
    }

    [Fact]
    public void A_relative_suite_path_starts_at_the_sweep_files_folder()
    {
        var file = Variant(_files.Checkpoint, "missing-suite.json");

        var result = _cli.Run("validate", file);

        Assert.Equal(SweepExitCodes.InvalidInput, result.Exit);
        Assert.Contains($"error: {file}:15:8: suite: suite file {_cli.WorkDirectory}/missing-suite.json does not exist", result.Error);
    }

    public void Dispose()
    {
        _cli.Dispose();
        _files.Dispose();
    }
}
