using System.CommandLine;
using LoRASculpt.Cli;
using LoRASculpt.Cli.Commands;

namespace LoRASculpt.Cli.Tests.Train;

public sealed class PretrainCommandTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(PretrainCommand.Create(output, error));
        var exit = CommandRunner.Run(root, ["pretrain", "--data-dir", "/dev/null/none", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void An_unknown_preset_exits_2_naming_the_known_ones()
    {
        var (exit, output, error) = Run("--base-model", "llava-7b");
        Assert.Equal(CommandRunner.UsageError, exit);
        Assert.Equal("error: --base-model: unknown preset 'llava-7b'; known presets: tiny-llava, micro-llava" + Environment.NewLine, error);
        Assert.Equal("", output);
    }

    [Fact]
    public void Help_says_where_the_shipped_copy_lives()
    {
        var (exit, output, _) = Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("src/LoRASculpt.Training/BaseModels/tiny-llava.safetensors", output);
    }
}
