using System.Diagnostics;
using System.Globalization;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Execution;
using LoRASculpt.Hosting;
using LoRASculpt.Sweeps.Builtin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Benchmarks.EarlyTermination;

/// <summary>
/// What early termination saves on the built-in benchmark: the shipped <c>early-termination</c> sweep (torch trials of the
/// default recipe) run twice, each on a fresh embedded silo and data directory (trials are shared by config, so one
/// directory would let the second run reuse the first's), once as shipped and once without <c>early_terminate</c>.
/// Prints each run's best trial by Avg, whether they are the same, and the worker-seconds (the summed duration of
/// every job the workers ran, cancelled training included) with the saving.
/// Args: [--slots 1] [--sweep early-termination] [--data-dir PATH] (two sub-folders are made in it).
/// </summary>
public sealed class EarlyTerminationBenchmark : IBenchmark
{
    public string Name => "early-termination";

    public string Description => "worker-seconds saved by early_terminate on the shipped early-termination sweep (torch, built-in benchmark)";

    public int Run(string[] args)
    {
        var slots = BenchmarkArgs.Int(args, "--slots", 1);
        var sweep = BenchmarkArgs.Get(args, "--sweep") ?? "early-termination";
        var root = BenchmarkArgs.Get(args, "--data-dir") ?? Path.Combine(Path.GetTempPath(), "lorasculpt-early-bench-" + Guid.NewGuid().ToString("N"));
        var parsed = BuiltinSweeps.ParseFileOrBuiltin(sweep);
        if (!parsed.IsValid || parsed.Spec!.EarlyTerminate is null)
        {
            Console.Error.WriteLine($"{sweep}: not a valid sweep with early_terminate: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
            return 2;
        }

        var withEarly = parsed.Spec;
        var without = withEarly with { Name = withEarly.Name + "-full", EarlyTerminate = null, Metric = null };
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {BenchmarkArgs.LoadAverage()}; {slots} worker slot(s); data under {root}");
        var full = RunAsync(without, slots, Path.Combine(root, "without")).GetAwaiter().GetResult();
        var early = RunAsync(withEarly, slots, Path.Combine(root, "with")).GetAwaiter().GetResult();

        Console.WriteLine();
        Print("without early_terminate", full);
        Print("with early_terminate", early);
        var same = full.Best?.TrialId == early.Best?.TrialId;
        Console.WriteLine($"same best trial: {(same ? "yes" : "no")}");
        var saved = full.WorkerTime - early.WorkerTime;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worker-seconds: {full.WorkerTime.TotalSeconds:F1} without, {early.WorkerTime.TotalSeconds:F1} with: {saved.TotalSeconds:F1} s saved ({saved / full.WorkerTime:P1})"));
        return full.Failed == 0 && early.Failed == 0 ? 0 : 1;
    }

    private sealed record SweepRun(SweepResults Results, SweepResultRow? Best, TimeSpan WorkerTime, TimeSpan Wall, int Failed);

    private static async Task<SweepRun> RunAsync(SweepSpec spec, int slots, string dataDirectory)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseEmbeddedSilo(o =>
        {
            o.DataDirectory = dataDirectory;
            o.CpuSlots = slots;
        });
        builder.Services.AddOptions<TorchJobExecutorOptions>().Configure(o =>
        {
            o.LocalDirectory = dataDirectory;
            o.ShareBaseModels = false;
        });
        builder.Services.AddSingleton<TorchJobExecutorFactory>();
        builder.Services.AddSingleton<WorkerTimeMeter>();
        builder.Services.AddSingleton<IJobExecutorFactory>(s => s.GetRequiredService<WorkerTimeMeter>());
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<SweepClient>();
        var wall = Stopwatch.StartNew();
        var submission = await client.SubmitAsync(spec);
        SweepStatus? last = null;
        await foreach (var status in client.WatchAsync(submission.SweepId, TimeSpan.FromSeconds(1)))
        {
            if (last is null || status.Finished != last.Finished)
                Console.WriteLine($"  {spec.Name}: {status.Finished}/{status.Total} finished ({status.Completed} completed, {status.StoppedEarly} stopped early, {status.Failed} failed) at {wall.Elapsed.TotalSeconds:F0} s");
            last = status;
        }

        var results = (await client.GetResultsAsync(submission.SweepId))!;
        var workerTime = host.Services.GetRequiredService<WorkerTimeMeter>().WorkerTime;
        await host.StopAsync();
        var best = results.Rows.FirstOrDefault(r => r.TrialId == results.BestByAvg);
        return new SweepRun(results, best, workerTime, wall.Elapsed, last!.Failed);
    }

    private static void Print(string title, SweepRun run)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{title}: wall {run.Wall.TotalSeconds.ToString("F1", c)} s, worker {run.WorkerTime.TotalSeconds.ToString("F1", c)} s");
        foreach (var row in run.Results.Rows)
        {
            var values = string.Join(" ", row.SweptValues.Select(v => $"{v.Key}={v.Value}"));
            var scores = row.Result is { } r ? string.Create(c, $"Source {r.Source:F2} Target {r.Target:F2} Avg {r.Avg:F2}") : "-";
            var note = row.Status == TrialStatus.StoppedEarly ? $" (curve point) stopped early {row.StopReason}" : "";
            Console.WriteLine($"  {row.TrialId} {row.Method,-10} {values,-14} {row.Status.Display(),-13} {scores}{note}");
        }

        Console.WriteLine(run.Best is { Result: { } best } b
            ? string.Create(c, $"  best by Avg: {b.TrialId} {b.Method} {string.Join(" ", b.SweptValues.Select(v => $"{v.Key}={v.Value}"))}: Avg {best.Avg:F2}")
            : "  best by Avg: none completed");
    }
}
