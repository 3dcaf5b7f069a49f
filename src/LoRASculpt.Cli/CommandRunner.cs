using System.CommandLine;

namespace LoRASculpt.Cli;

/// <summary>Parses and invokes a command tree with the exit-code convention: 0 ok, 1 runtime failure, 2 usage error.</summary>
public static class CommandRunner
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static int Run(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run with --help for usage.");
            return UsageError;
        }
        return parse.Invoke(configuration);
    }
}

/// <summary>Thrown by command actions for invalid input; printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
