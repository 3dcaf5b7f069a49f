using System.Diagnostics;

namespace LoRASculpt.Cluster.Tests.Infrastructure;

/// <summary><c>dotnet exec</c> of a built program, configured only by its arguments and environment, output redirected.</summary>
internal static class DotnetExec
{
    /// <exception cref="InvalidOperationException">The program is not built; the message says how to build it.</exception>
    public static ProcessStartInfo StartInfo(string dll, string buildHint, string workDirectory, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
    {
        if (!File.Exists(dll))
            throw new InvalidOperationException($"Build it first ({dll} is missing): {buildHint}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return start;
    }
}
