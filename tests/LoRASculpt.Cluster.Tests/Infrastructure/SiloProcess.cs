using System.Diagnostics;

namespace LoRASculpt.Cluster.Tests.Infrastructure;

/// <summary>
/// One real silo: <c>dotnet exec</c> of the built silo host, configured only through LORASCULPT_*
/// environment variables, as an operator would run it. Output goes to a log file for diagnosis.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter _log;

    private SiloProcess(Process process, string logPath, int siloPort)
    {
        _process = process;
        SiloPort = siloPort;
        LogPath = logPath;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"Silo on port {siloPort} exited ({process.ExitCode}); log: {logPath}"));
    }

    public int SiloPort { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static string SiloDll => Path.Combine(RepositoryPaths.Root, "silos", "LoRASculpt.Silo", "bin", RepositoryPaths.Configuration, "net10.0", "LoRASculpt.Silo.dll");

    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment, string workDirectory, int siloPort)
    {
        if (!File.Exists(SiloDll))
            throw new InvalidOperationException($"Build the silo host first ({SiloDll} is missing): dotnet build silos/LoRASculpt.Silo -c {RepositoryPaths.Configuration}");
        Directory.CreateDirectory(workDirectory);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(SiloDll);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process, Path.Combine(workDirectory, "silo.log"), siloPort);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Completes when the host reports it started (its worker slots are registered by then).</summary>
    public Task Started => _started.Task;

    /// <summary>SIGKILL: no shutdown, no deregistration, leases simply stop being renewed.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log)
            _log.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            if (_log.BaseStream.CanWrite)
                _log.WriteLine(line);
        }
        if (line.Contains("Application started", StringComparison.Ordinal))
            _started.TrySetResult();
    }
}
