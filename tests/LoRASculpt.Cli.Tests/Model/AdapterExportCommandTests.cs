using System.CommandLine;
using LoRASculpt.Cli.Commands;

namespace LoRASculpt.Cli.Tests.Model;

/// <summary>`lorasculpt adapter export`: its exit codes and messages (the key mapping itself is tested in the training core).</summary>
public sealed class AdapterExportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("adapter-export-cli-").FullName;

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(AdapterCommand.Create(output, error));
        var exit = CommandRunner.Run(root, ["adapter", "export", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_missing_adapter_file_is_invalid_input()
    {
        var missing = Path.Combine(_root, "none.safetensors");
        var (exit, _, error) = Run(missing, "--output", Path.Combine(_root, "peft"));

        Assert.Equal(CommandRunner.UsageError, exit);
        Assert.Equal($"error: ADAPTER: {missing} does not exist", error.Trim());
    }

    [Fact]
    public void A_file_that_is_not_an_adapter_is_invalid_input()
    {
        var file = Path.Combine(_root, "model.safetensors");
        LoRASculpt.Training.Safetensors.SafetensorsWriter.Write(file, [new("w", TorchSharp.torch.zeros(2))]);
        var (exit, _, error) = Run(file, "--output", Path.Combine(_root, "peft"));

        Assert.Equal(CommandRunner.UsageError, exit);
        Assert.Contains("is not a lorasculpt-adapter/1 file", error);
    }

    [Fact]
    public void An_unknown_layout_is_refused()
    {
        var (exit, _, error) = Run(Path.Combine(_root, "a.safetensors"), "--output", _root, "--layout", "gguf");

        Assert.Equal(CommandRunner.UsageError, exit);
        Assert.Contains("gguf", error);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
