using System.Diagnostics;
using LoRASculpt.Hosting;

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
        Directory.CreateDirectory(workDirectory);
        var start = DotnetExec.StartInfo(SiloDll, $"dotnet build silos/LoRASculpt.Silo -c {RepositoryPaths.Configuration}", workDirectory, environment, []);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process, Path.Combine(workDirectory, "silo.log"), siloPort);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>
    /// Starts <paramref name="count"/> loopback silos of one service, each with its own folder under
    /// <paramref name="workDirectory"/>, and waits until all are up. They are added to <paramref name="silos"/> as
    /// they start, so the caller's cleanup sees every process even when a later one fails.
    /// </summary>
    public static async Task StartClusterAsync(List<SiloProcess> silos, AzuriteFixture azurite, string serviceId, int count, int cpuSlots, string workDirectory)
    {
        for (var i = 0; i < count; i++)
        {
            var (siloPort, gatewayPort) = FreePorts.Pair(0, 0);
            var dir = Path.Combine(workDirectory, $"silo{i}");
            silos.Add(Start(Environment(azurite, serviceId, siloPort, gatewayPort, dir, cpuSlots), dir, siloPort));
        }
        await Task.WhenAll(silos.Select(s => s.Started)).WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>A loopback silo of <paramref name="serviceId"/> with fast failure detection and short leases (recovery in seconds).</summary>
    public static Dictionary<string, string> Environment(AzuriteFixture azurite, string serviceId, int siloPort, int gatewayPort, string workDirectory, int cpuSlots) => new()
    {
        ["LORASCULPT_Cluster__ServiceId"] = serviceId,
        ["LORASCULPT_Cluster__ClusterId"] = "test",
        ["LORASCULPT_Cluster__StorageConnectionString"] = azurite.ConnectionString,
        ["LORASCULPT_Cluster__SiloPort"] = siloPort.ToString(),
        ["LORASCULPT_Cluster__GatewayPort"] = gatewayPort.ToString(),
        ["LORASCULPT_Cluster__AdvertisedIP"] = "127.0.0.1",
        ["LORASCULPT_Cluster__CpuSlots"] = cpuSlots.ToString(),
        ["LORASCULPT_Cluster__GpuSlots"] = "0",
        ["LORASCULPT_Cluster__ProbeTimeout"] = "00:00:01",
        ["LORASCULPT_Cluster__MissedProbesLimit"] = "2",
        ["LORASCULPT_Orchestration__LeaseDuration"] = "00:00:04",
        ["LORASCULPT_Orchestration__HeartbeatInterval"] = "00:00:01",
        ["LORASCULPT_Orchestration__RetryBackoff"] = "00:00:00.200",
        ["LORASCULPT_Torch__LocalDirectory"] = Path.Combine(workDirectory, "torch"),
        // A 2-step base model: the torch trials of these tests are about orchestration, not scores.
        ["LORASCULPT_Torch__Pretraining__Steps"] = "2",
        ["LORASCULPT_Torch__Pretraining__BatchSize"] = "4",
        ["LORASCULPT_Torch__Pretraining__WarmupSteps"] = "1",
        ["DOTNET_gcServer"] = "0",
    };

    /// <summary>Completes when the host reports it started (its worker slots are registered by then).</summary>
    public Task Started => _started.Task;

    /// <summary>SIGKILL: no shutdown, no deregistration, leases simply stop being renewed.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM, as an operator's <c>kill</c>, systemd or Kubernetes stops a silo: a graceful shutdown.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>The exit code once the process ended within <paramref name="timeout"/>; null if it still runs.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>What the silo printed so far.</summary>
    public string ReadLog()
    {
        lock (_log)
        {
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd();
        }
    }

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
