using System.CommandLine;
using LoRASculpt.Cli;
using LoRASculpt.Cli.Commands;
using LoRASculpt.Core.Settings;

namespace LoRASculpt.Cli.Tests.Train;

public sealed class TrainCommandTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(TrainCommand.Create(output, error));
        // An unusable data directory: a run that got past validation would fail, not silently train.
        var exit = CommandRunner.Run(root, ["train", "--data-dir", "/dev/null/none", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--density_a", "1.5", "--density_a: density_a must be in (0, 1], got 1.5")]
    [InlineData("--density-b", "0", "--density_b: density_b must be in (0, 1], got 0")]
    [InlineData("--density", "2", "--density: density must be in (0, 1], got 2")]
    [InlineData("--alpha", "-0.5", "--alpha: alpha must be >= 0, got -0.5")]
    [InlineData("--rank", "0", "--rank: rank must be >= 1, got 0")]
    [InlineData("--method", "sculpt", "--method: method must be one of lora, lorasculpt, dora, l2, orthreg, dare, model-tailor; got 'sculpt'")]
    [InlineData("--target", "shape-vqa", "--target: target_task must be one of icon-mc, scene-captions; got 'shape-vqa'")]
    [InlineData("--sources", "icon-mc", "--sources: source_tasks must be among shape-vqa, text-ocr, spatial-qa, count-vqa; got 'icon-mc'")]
    [InlineData("--base-model", "llava-7b", "--base-model: base_model must be one of tiny-llava, micro-llava or a checkpoint directory path; got 'llava-7b'")]
    [InlineData("--connector", "half", "--connector: connector must be one of frozen, full, lora; got 'half'")]
    public void Bad_values_exit_2_naming_the_option(string option, string value, string expected)
    {
        var (exit, output, error) = Run(option, value);
        Assert.Equal(CommandRunner.UsageError, exit);
        Assert.Contains(expected, error);
        Assert.Equal("", output);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var (exit, _, error) = Run("--rank", "0", "--alpha", "-1", "--steps", "abc");
        Assert.Equal(CommandRunner.UsageError, exit);
        Assert.Contains("--rank:", error);
        Assert.Contains("--alpha:", error);
        Assert.Contains("--steps: steps must be an integer, got 'abc'", error);
    }

    [Fact]
    public void Unknown_options_are_usage_errors()
    {
        var (exit, _, error) = Run("--sparsity", "0.1");
        Assert.Equal(CommandRunner.UsageError, exit);
        Assert.Contains("--sparsity", error);
    }

    [Fact]
    public void Help_documents_every_hyperparameter_and_its_default()
    {
        var (exit, output, _) = Run("--help");
        Assert.Equal(0, exit);
        foreach (var spec in TrialParameters.All)
        {
            Assert.Contains("--" + spec.Name, output);
            if (spec.Name != ParameterNames.Density) Assert.Contains($"Default: {spec.Default}.", output);
        }
    }
}
