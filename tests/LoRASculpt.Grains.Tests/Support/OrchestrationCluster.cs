using System.Reflection;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Grains.Workers;
using LoRASculpt.Hosting;
using LoRASculpt.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LoRASculpt.Grains.Tests.Support;

/// <summary>An in-process Orleans test cluster running the orchestrator with counting synthetic executors.</summary>
public sealed class OrchestrationCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private OrchestrationCluster(InProcessTestCluster cluster, ExecutionLog log)
    {
        _cluster = cluster;
        Log = log;
        Sweeps = new SweepClient(cluster.Client);
    }

    public ExecutionLog Log { get; }

    public SweepClient Sweeps { get; }

    public IClusterClient Client => _cluster.Client;

    public InProcessTestCluster Cluster => _cluster;

    /// <param name="sqlitePath">Durable state in this SQLite file; in memory when null.</param>
    public static async Task<OrchestrationCluster> StartAsync(
        int silos = 1,
        int slotsPerSilo = 2,
        string? sqlitePath = null,
        Action<OrchestrationOptions>? orchestration = null,
        ExecutionLog? log = null,
        bool productionGrainDirectory = false,
        TimeProvider? clock = null)
    {
        log ??= new ExecutionLog();
        var builder = new InProcessTestClusterBuilder((short)silos);
        if (productionGrainDirectory)
            UseProductionGrainDirectory(builder.Options);
        builder.ConfigureSilo((_, silo) =>
        {
            if (sqlitePath is null)
                silo.AddMemoryGrainStorage(OrchestrationStorage.Name);
            else
                silo.AddSqliteGrainStorage(OrchestrationStorage.Name, o => o.DatabasePath = sqlitePath);
            if (clock is not null)
                silo.Services.AddSingleton(clock);
            silo.AddSweepOrchestration(o =>
            {
                o.RetryBackoff = TimeSpan.FromMilliseconds(10);
                o.ProgressInterval = TimeSpan.FromMilliseconds(100);
                orchestration?.Invoke(o);
            });
            silo.AddWorkerSlots(o => o.CpuSlots = slotsPerSilo);
            silo.Services.AddSingleton(log);
            silo.Services.AddJobExecutorFactory<CountingSyntheticExecutorFactory>();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new OrchestrationCluster(cluster, log);
    }

    /// <summary>
    /// The test cluster's shared in-memory directory survives a silo's death; the production directory loses the
    /// dead silo's partition and deactivates the survivors' grains registered there, which failover tests must
    /// face. Orleans 10.4 keeps the switch internal, hence reflection; failing loudly if it ever moves.
    /// </summary>
    private static void UseProductionGrainDirectory(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(
            "UseTestClusterGrainDirectory", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterGrainDirectory no longer exists; update the failover tests.");
        property.SetValue(options, false);
    }

    /// <summary>Polls the sweep's status until it is finished (no fixed sleeps); throws with the last status on timeout.</summary>
    public Task<SweepStatus> WaitUntilFinishedAsync(string sweepId, TimeSpan? timeout = null) =>
        WaitForAsync(sweepId, s => s.IsFinished, timeout);

    public async Task<SweepStatus> WaitForAsync(string sweepId, Func<SweepStatus, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        SweepStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Sweeps.GetStatusAsync(sweepId);
            if (last is not null && condition(last))
                return last;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Sweep {sweepId} did not reach the condition in time; last status: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
