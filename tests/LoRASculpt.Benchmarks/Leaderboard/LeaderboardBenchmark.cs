using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains;
using LoRASculpt.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Benchmarks.Leaderboard;

/// <summary>
/// Leaderboard at scale: N entries (default 100,000) on one board of an embedded silo with SQLite state, queried from
/// a separate cluster client over the gateway. Prints top-k latency p50/p99, queries/s (sequential and concurrent),
/// partitions read per query, and the time to record one new entry.
/// Args: [--entries 100000] [--queries 400] [--k 20] [--concurrency 8] [--seconds 5] [--data-dir PATH].
/// </summary>
public sealed class LeaderboardBenchmark : IBenchmark
{
    private const string Model = "tiny-llava";
    private const string Task = "icon-mc";

    public string Name => "leaderboard";

    public string Description => "leaderboard top-k latency, queries/s and record time at 100,000 entries (embedded silo, SQLite)";

    public int Run(string[] args)
    {
        var entries = BenchmarkArgs.Int(args, "--entries", 100_000);
        var queries = BenchmarkArgs.Int(args, "--queries", 400);
        var k = BenchmarkArgs.Int(args, "--k", 20);
        var concurrency = BenchmarkArgs.Int(args, "--concurrency", 8);
        var seconds = BenchmarkArgs.Int(args, "--seconds", 5);
        var dataDirectory = BenchmarkArgs.Get(args, "--data-dir") ?? Path.Combine(Path.GetTempPath(), "lorasculpt-lb-bench-" + Guid.NewGuid().ToString("N"));
        return RunAsync(entries, queries, k, concurrency, seconds, dataDirectory).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int count, int queries, int k, int concurrency, int seconds, string dataDirectory)
    {
        var gatewayPort = FreePorts.Pick();
        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        siloBuilder.UseEmbeddedSilo(o =>
        {
            o.DataDirectory = dataDirectory;
            o.GatewayPort = gatewayPort;
            o.CpuSlots = 1;
        });
        // One idle worker slot (the silo requires an executor for its slots); the benchmark runs no jobs.
        siloBuilder.Services.AddSyntheticJobExecutor();
        using var silo = siloBuilder.Build();
        await silo.StartAsync();

        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        clientBuilder.UseOrleansClient(c => c.UseEmbeddedSiloGateway(gatewayPort));
        using var clientHost = clientBuilder.Build();
        await clientHost.StartAsync();
        var client = clientHost.Services.GetRequiredService<IClusterClient>();
        var board = client.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board(Model, Task));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; silo with SQLite state in {dataDirectory}; client over the gateway");

        var random = new Random(1234);
        var seed = Stopwatch.StartNew();
        const int batch = 20_000;
        for (var start = 0; start < count; start += batch)
            await board.RecordMany([.. Enumerable.Range(start, Math.Min(batch, count - start)).Select(i => Entry(i, random))]);
        var board0 = await board.Describe();
        Console.WriteLine($"seeded {board0.Entries:N0} entries in {seed.Elapsed.TotalSeconds:F1} s ({board0.Entries / seed.Elapsed.TotalSeconds:N0} entries/s) over {board0.Partitions} partitions");

        // Warm-up: activate every partition once, JIT the paths.
        await board.Pareto(LeaderboardFilter.None);
        for (var i = 0; i < 20; i++)
            await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, k));

        await Measure($"top-{k} by avg", queries, async () => await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, k)));
        await Measure($"top-{k} by target, method=lorasculpt", queries, async () => await board.Top(new LeaderboardQuery(ResultMetric.Target, LeaderboardFilter.None with { Methods = ["lorasculpt"] }, k)));
        await Measure($"top-{k} by avg, page 5 (offset {4 * k})", queries, async () => await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, k, Offset: 4 * k)));
        await Measure("pareto front", Math.Max(10, queries / 20), async () =>
        {
            await board.Pareto(LeaderboardFilter.None);
            return null;
        });

        // Throughput: concurrent clients loop on top-k for a fixed time.
        var done = 0L;
        var until = Stopwatch.StartNew();
        await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (until.Elapsed.TotalSeconds < seconds)
            {
                await board.Top(new LeaderboardQuery(ResultMetric.Avg, LeaderboardFilter.None, k));
                Interlocked.Increment(ref done);
            }
        }));
        Console.WriteLine($"throughput: {done / until.Elapsed.TotalSeconds:N0} top-{k} queries/s with {concurrency} concurrent callers ({done:N0} in {until.Elapsed.TotalSeconds:F1} s)");

        // Recording one new entry (a trial completing): index + one partition write, both persisted to SQLite.
        var records = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var entry = Entry(count + i, random);
            var watch = Stopwatch.StartNew();
            var outcome = await board.Record(entry);
            records.Add(watch.Elapsed.TotalMilliseconds);
            if (outcome != RecordOutcome.Added)
                throw new InvalidOperationException($"entry {entry.EntryId} was {outcome}, expected added");
        }
        Console.WriteLine($"record one new entry: p50 {Percentile(records, 0.50):F2} ms, p99 {Percentile(records, 0.99):F2} ms, mean {records.Average():F2} ms (200 entries, SQLite)");

        await clientHost.StopAsync();
        await silo.StopAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        return 0;
    }

    private static async Task Measure(string what, int queries, Func<Task<LeaderboardPage?>> query)
    {
        var latencies = new List<double>(queries);
        var partitionsRead = 0L;
        var partitionsTotal = 0;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < queries; i++)
        {
            var watch = Stopwatch.StartNew();
            var page = await query();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            partitionsRead += page?.PartitionsRead ?? 0;
            partitionsTotal = page?.PartitionsTotal ?? partitionsTotal;
        }
        var reads = partitionsTotal > 0 ? $", reads {partitionsRead / (double)queries:F1} of {partitionsTotal} partitions" : "";
        Console.WriteLine($"{what}: p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, {queries / total.Elapsed.TotalSeconds:N0} queries/s sequential{reads}");
    }

    private static LeaderboardEntry Entry(int i, Random random)
    {
        string[] methods = ["lora", "lorasculpt", "dora", "moelora"];
        var hyper = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["alpha"] = (random.Next(1, 20) * 0.05).ToString("0.##", CultureInfo.InvariantCulture),
            ["beta"] = (random.Next(0, 10) * 0.1).ToString("0.#", CultureInfo.InvariantCulture),
            ["density"] = "0.05",
            ["learning_rate"] = "0.0002",
            ["rank"] = "8",
            ["seed"] = random.Next(5).ToString(CultureInfo.InvariantCulture),
            ["steps"] = "200",
        });
        var config = new TrialConfig(Model, Task, ["shape-vqa", "text-ocr"], methods[random.Next(methods.Length)], hyper, "torch");
        var source = random.NextDouble() * 100;
        var target = random.NextDouble() * 100;
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i);
        var tasks = ImmutableArray.Create(
            new TaskScore(Task, "ExactMatch", target, true, 256),
            new TaskScore("shape-vqa", "VqaAccuracy", source, false, 256),
            new TaskScore("text-ocr", "ExactMatch", source, false, 256));
        var score = new LeaderboardScore("bench-v1", tasks, source, target, (source + target) / 2, at, "trial");
        var id = $"t{i:D7}{random.Next(1 << 30):x8}";
        return new LeaderboardEntry(id, config, [$"sweep-{i % 50:D2}"], $"adapters/{id}/a1/adapter.safetensors", at, at, [score]);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
