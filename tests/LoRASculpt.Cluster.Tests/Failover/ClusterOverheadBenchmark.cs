using System.Diagnostics;
using LoRASculpt.Client;
using LoRASculpt.Cluster.Tests.Infrastructure;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Hosting;
using LoRASculpt.Sweeps.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LoRASculpt.Cluster.Tests.Failover;

/// <summary>
/// Orchestration overhead across three silo processes with grain state in Azure Tables (Azurite):
/// synthetic trials that only wait, so wall time over the ideal (trials x duration / slots) is the
/// orchestrator's cost. Prints the figures; asserts that every trial completed.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ClusterOverheadBenchmark(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Silos = 3;
    private const int SlotsPerSilo = 4;
    private const int Trials = 240;
    /// <summary>100 ms in CI; LORASCULPT_BENCH_TRIAL_MS=1000 shows how the fixed per-trial cost shrinks relative to longer trials.</summary>
    private static readonly int TrialMilliseconds =
        int.TryParse(Environment.GetEnvironmentVariable("LORASCULPT_BENCH_TRIAL_MS"), out var ms) && ms > 0 ? ms : 100;

    [Fact]
    public async Task Synthetic_sweep_on_three_silos_reports_its_overhead_over_ideal()
    {
        var serviceId = "bench-" + Guid.NewGuid().ToString("N")[..10];
        var work = Directory.CreateTempSubdirectory("lorasculpt-bench-").FullName;
        var silos = new List<SiloProcess>();
        try
        {
            await SiloProcess.StartClusterAsync(silos, azurite, serviceId, Silos, SlotsPerSilo, work);
            using var client = await InProcessCluster.StartClient(new ClusterClientOptions
            {
                ServiceId = serviceId,
                ClusterId = "test",
                StorageConnectionString = azurite.ConnectionString,
            });
            var sweeps = client.Services.GetRequiredService<SweepClient>();
            var stats = await sweeps.GetSchedulerStatsAsync();
            Assert.Equal(Silos * SlotsPerSilo, stats.Workers);

            var yaml = $$"""
                name: cluster-overhead
                method: grid
                target: icon-mc
                methods: [lora]
                trial_kind: synthetic
                eval_shards: 1
                max_trials: {{Trials}}
                parameters:
                  duration_ms: {value: {{TrialMilliseconds}}}
                  seed: {range: [0, {{Trials}}]}
                """;
            var parsed = SweepFileParser.Parse(yaml, "cluster-overhead.yaml");
            Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));

            var clock = Stopwatch.StartNew();
            var submission = await sweeps.SubmitAsync(parsed.Spec!);
            SweepStatus? final = null;
            await foreach (var status in sweeps.WatchAsync(submission.SweepId, TimeSpan.FromMilliseconds(50)))
                final = status;
            var wall = clock.Elapsed;

            Assert.NotNull(final);
            Assert.Equal(Trials, final.Completed);
            var slots = Silos * SlotsPerSilo;
            var ideal = TimeSpan.FromMilliseconds((double)Trials * TrialMilliseconds / slots);
            output.WriteLine($"{Trials} trials x {TrialMilliseconds} ms on {Silos} silos x {SlotsPerSilo} slots (Azure Table state on Azurite): " +
                $"wall {wall.TotalSeconds:F2} s, ideal {ideal.TotalSeconds:F2} s, overhead {(wall / ideal - 1) * 100:F0}%, " +
                $"{Trials / wall.TotalSeconds:F1} trials/s, {(wall - ideal).TotalMilliseconds * slots / Trials:F1} ms orchestration per trial-slot");
        }
        finally
        {
            foreach (var silo in silos)
                await silo.DisposeAsync();
        }
    }
}
