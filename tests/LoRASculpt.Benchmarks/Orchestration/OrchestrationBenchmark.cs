using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Grains;
using LoRASculpt.Hosting;
using LoRASculpt.Sweeps.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Benchmarks.Orchestration;

/// <summary>
/// Ray Tune's "bookkeeping overhead" test at our scale: N synthetic trials that each wait D ms on S worker
/// slots of an embedded silo with SQLite state. Ideal wall time = N * D / S. Each trial is one training
/// job plus one eval-shard job per dataset (target + sources), all scheduled, persisted and merged like a
/// real trial. Args: [--trials 2000] [--duration-ms 100] [--slots 16] [--sources 1] [--eval-shards 1] [--data-dir PATH].
/// </summary>
public sealed class OrchestrationBenchmark : IBenchmark
{
    public string Name => "orchestration";

    public string Description => "sweep orchestration overhead: synthetic trials on an embedded silo with SQLite state";

    public int Run(string[] args)
    {
        var trials = BenchmarkArgs.Int(args, "--trials", 2000);
        var durationMs = BenchmarkArgs.Int(args, "--duration-ms", 100);
        var slots = BenchmarkArgs.Int(args, "--slots", 16);
        var sources = BenchmarkArgs.Int(args, "--sources", 1);
        var evalShards = BenchmarkArgs.Int(args, "--eval-shards", 1);
        var dataDirectory = BenchmarkArgs.Get(args, "--data-dir") ?? Path.Combine(Path.GetTempPath(), "lorasculpt-orch-bench-" + Guid.NewGuid().ToString("N"));
        return RunAsync(trials, durationMs, slots, sources, evalShards, dataDirectory).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int trials, int durationMs, int slots, int sources, int evalShards, string dataDirectory)
    {
        using var meter = new StorageWriteMeter();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseEmbeddedSilo(o =>
        {
            o.DataDirectory = dataDirectory;
            o.CpuSlots = slots;
        });
        builder.Services.AddSyntheticJobExecutor();
        using var host = builder.Build();
        var start = Stopwatch.StartNew();
        await host.StartAsync();
        Console.WriteLine($"embedded silo started in {start.Elapsed.TotalSeconds:F2} s ({slots} worker slots, data directory {dataDirectory})");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {BenchmarkArgs.LoadAverage()}");
        var client = host.Services.GetRequiredService<SweepClient>();

        // Warm-up (JIT, grain types, SQLite pages) on different trials, so the measured sweep runs hot.
        var warmup = await RunSweepAsync(client, Spec("warmup", Math.Min(4 * slots, 128), 1, sources, evalShards));
        Console.WriteLine($"warm-up: {warmup.Trials} trials in {warmup.Wall.TotalSeconds:F2} s");
        meter.Reset();

        var run = await RunSweepAsync(client, Spec("overhead", trials, durationMs, sources, evalShards));
        var writes = meter.Snapshot();
        await host.StopAsync();

        var ideal = TimeSpan.FromMilliseconds((double)trials * durationMs / slots);
        var overhead = (run.Wall - ideal) / ideal;
        var jobsPerTrial = 1 + (1 + sources) * evalShards;
        var totalWrites = writes.Values.Sum(w => w.Count);
        var writeMs = writes.Values.Sum(w => w.Milliseconds);
        Console.WriteLine();
        Console.WriteLine($"trials: {trials} x {durationMs} ms on {slots} slots ({jobsPerTrial} jobs per trial: 1 training + {(1 + sources) * evalShards} eval shards)");
        Console.WriteLine($"completed: {run.Completed}, failed: {run.Failed}");
        Console.WriteLine($"wall time: {run.Wall.TotalSeconds:F2} s (ideal {ideal.TotalSeconds:F2} s)");
        Console.WriteLine($"overhead over ideal: {overhead:P1} (goal < 5%)");
        Console.WriteLine($"throughput: {trials / run.Wall.TotalSeconds:F1} trials/s ({trials * jobsPerTrial / run.Wall.TotalSeconds:F0} jobs/s; ideal {trials / ideal.TotalSeconds:F1} trials/s)");
        Console.WriteLine($"durable state (SQLite): {totalWrites} writes = {(double)totalWrites / trials:F2} per trial, "
            + $"{writeMs / trials:F3} ms of write latency per trial, {totalWrites / run.Wall.TotalSeconds:F0} writes/s");
        foreach (var (state, (count, ms)) in writes.OrderBy(w => w.Key, StringComparer.Ordinal))
            Console.WriteLine($"  {state,-14} {count,7} writes  {(double)count / trials,5:F2}/trial  mean {ms / Math.Max(1, count):F3} ms");
        var database = DataDirectory.StateDatabase(dataDirectory);
        if (File.Exists(database))
            Console.WriteLine($"state.db: {new FileInfo(database).Length / 1024.0 / 1024.0:F1} MiB (+ WAL {WalSize(database):F1} MiB)");
        return run.Completed == trials ? 0 : 1;
    }

    private sealed record SweepRun(int Trials, TimeSpan Wall, int Completed, int Failed);

    private static async Task<SweepRun> RunSweepAsync(SweepClient client, SweepSpec spec)
    {
        var submitted = DateTime.UtcNow;
        var submission = await client.SubmitAsync(spec);
        SweepStatus? last = null;
        await foreach (var status in client.WatchAsync(submission.SweepId, TimeSpan.FromMilliseconds(50)))
            last = status;
        // The sweep stamps the moment its last trial finished: no polling granularity in the figure.
        var wall = (last!.FinishedUtc ?? DateTime.UtcNow) - submitted;
        return new SweepRun(last.Total, wall, last.Completed, last.Failed);
    }

    private static SweepSpec Spec(string name, int trials, int durationMs, int sources, int evalShards)
    {
        var parameters = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        parameters["seed"] = [.. Enumerable.Range(1, trials).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        parameters[SyntheticTrialParameters.DurationMs] = [durationMs.ToString(CultureInfo.InvariantCulture)];
        return new SweepSpec(name, "tiny-llava", "icon-mc", [.. BenchmarkTasks.SourceNames.Take(sources)], ["lora"],
            GridKind.Product, parameters.ToImmutable(), [], trials, evalShards, SyntheticTrialParameters.Kind);
    }

    private static double WalSize(string database) =>
        File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length / 1024.0 / 1024.0 : 0;
}
