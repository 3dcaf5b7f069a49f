using System.CommandLine;

namespace LoRASculpt.Cli.Tests.Model;

/// <summary>Runs one command in-process through the CLI's runner (exit-code convention included) and captures its output.</summary>
internal static class ModelCli
{
    public sealed record Result(int Exit, string Output, string Error);

    public static Result Run(Func<TextWriter, TextWriter, Command> create, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var command = create(output, error);
        var root = new RootCommand("test");
        root.Subcommands.Add(command);
        var exit = CommandRunner.Run(root, [command.Name, .. args], output, error);
        return new Result(exit, output.ToString(), error.ToString());
    }
}
