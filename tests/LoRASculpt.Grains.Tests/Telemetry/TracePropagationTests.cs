using System.Diagnostics;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Grains.Telemetry;
using LoRASculpt.Grains.Tests.Leaderboard;
using LoRASculpt.Grains.Tests.Support;
using LoRASculpt.Hosting;
using OpenTelemetry.Trace;
using Orleans.TestingHost;

namespace LoRASculpt.Grains.Tests.Telemetry;

/// <summary>
/// With <see cref="TelemetryExtensions.AddLoRASculptTracing(ISiloBuilder)"/> on two silos and the client, one root
/// span's trace id reaches every grain call it causes, on both silos (in-memory exporter over the in-process silos).
/// </summary>
public sealed class TracePropagationTests
{
    [Fact]
    public async Task Grain_calls_caused_by_one_span_share_its_trace_id_across_two_silos()
    {
        using var tracing = InMemoryTracing.Start();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(OrchestrationStorage.Name);
            silo.AddLeaderboard(o => o.Buckets = 16);
            silo.AddLoRASculptTracing();
        });
        builder.ConfigureClient(client => client.AddLoRASculptTracing());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var board = cluster.Client.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board("trace-model", "icon-mc"));
        await board.RecordMany([.. RandomEntries.Create(200, seed: 5, model: "trace-model")]);

        ActivityTraceId traceId;
        using (var root = LoRASculptTracing.StartSweep("sweep-trace", "trace"))
        {
            traceId = root!.TraceId;
            await board.Pareto(LeaderboardFilter.None);
        }
        var spans = tracing.Spans();

        var partitionSilos = await PartitionSilosAsync(cluster);
        var inTrace = spans.Where(s => s.TraceId == traceId).ToList();
        var partitionCalls = inTrace.Where(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("LocalPareto", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, partitionSilos);
        Assert.Equal(16, partitionCalls.Count);
        Assert.Contains(inTrace, s => s.DisplayName == SpanNames.Sweep && s.ParentSpanId == default);
        // Every span of the trace hangs off another span of the same trace (no orphans, no second root).
        var ids = inTrace.Select(s => s.SpanId).ToHashSet();
        Assert.All(inTrace.Where(s => s.DisplayName != SpanNames.Sweep), s => Assert.Contains(s.ParentSpanId, ids));
        await cluster.StopAllSilosAsync();
    }

    /// <summary>On how many silos the partition grains were activated (random placement over two silos).</summary>
    private static async Task<int> PartitionSilosAsync(InProcessTestCluster cluster)
    {
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var stats = await management.GetSimpleGrainStatistics();
        return stats.Where(s => s.GrainType.Contains(nameof(LeaderboardPartitionGrain), StringComparison.Ordinal) && s.ActivationCount > 0)
            .Select(s => s.SiloAddress).Distinct().Count();
    }
}
