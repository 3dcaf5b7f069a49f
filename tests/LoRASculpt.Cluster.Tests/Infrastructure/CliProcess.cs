using System.Diagnostics;

namespace LoRASculpt.Cluster.Tests.Infrastructure;

/// <summary>
/// The built <c>lorasculpt</c> CLI run as a user runs it against a cluster: its own process, configured through
/// <c>--cluster</c> and LORASCULPT_* variables only.
/// </summary>
internal static class CliProcess
{
    public sealed record Result(int Exit, string Output, string Error);

    public static string CliDll => Path.Combine(RepositoryPaths.Root, "src", "LoRASculpt.Cli", "bin", RepositoryPaths.Configuration, "net10.0", "lorasculpt.dll");

    /// <summary>Runs <c>lorasculpt ARGS</c> in <paramref name="workDirectory"/>; fails the test if it runs past <paramref name="timeout"/>.</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, string workDirectory, TimeSpan timeout, params string[] args)
    {
        var start = DotnetExec.StartInfo(CliDll, $"dotnet build src/LoRASculpt.Cli -c {RepositoryPaths.Configuration}", workDirectory, environment, args);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lorasculpt {string.Join(' ', args)} ran past {timeout}; output so far:\n{await output}\n{await error}");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
