using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Grains;
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
/// What one reconcile pass costs (cluster mode re-checks every unfinished trial of a running sweep every
/// <see cref="OrchestrationOptions.ReconcileInterval"/>): a sweep of N synthetic trials on one slot whose first
/// job never ends, so N trials stay unfinished; then passes are triggered by hand and the silo's extra CPU time
/// is measured until it is idle again. Args: [--trials 10000] [--passes 5] [--data-dir PATH].
/// </summary>
public sealed class ReconcileBenchmark : IBenchmark
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(200);

    public string Name => "reconcile";

    public string Description => "CPU and wall time of one reconcile pass over N unfinished trials (embedded silo, SQLite)";

    public int Run(string[] args)
    {
        var trials = BenchmarkArgs.Int(args, "--trials", 10_000);
        var passes = BenchmarkArgs.Int(args, "--passes", 5);
        var dataDirectory = BenchmarkArgs.Get(args, "--data-dir") ?? Path.Combine(Path.GetTempPath(), "lorasculpt-reconcile-bench-" + Guid.NewGuid().ToString("N"));
        return RunAsync(trials, passes, dataDirectory).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int trials, int passes, string dataDirectory)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseEmbeddedSilo(o =>
        {
            o.DataDirectory = dataDirectory;
            o.CpuSlots = 1;
            o.ResumeSweepsOnStartup = true;
        });
        // Passes are triggered below, one at a time, instead of by the timer.
        builder.Services.Configure<OrchestrationOptions>(o => o.ReconcileInterval = TimeSpan.FromHours(1));
        builder.Services.AddSyntheticJobExecutor();
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {BenchmarkArgs.LoadAverage()}");
        var client = host.Services.GetRequiredService<SweepClient>();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        var clock = Stopwatch.StartNew();
        var submission = await client.SubmitAsync(Spec(trials));
        var status = await client.GetStatusAsync(submission.SweepId);
        while (status is not null && status.Queued + status.Training < trials)
            status = await client.GetStatusAsync(submission.SweepId);
        await SettleAsync();
        Console.WriteLine($"sweep of {trials} trials submitted and scheduled in {clock.Elapsed.TotalSeconds:F1} s (1 running, {trials - 1} queued)");

        var idle = await CpuRateAsync(TimeSpan.FromSeconds(3));
        Console.WriteLine($"idle silo: {idle * 100:F1} % of one core");
        var sweep = grains.GetGrain<ISweepGrain>(submission.SweepId);
        var cpu = new List<double>();
        var wall = new List<double>();
        for (var pass = 0; pass < passes; pass++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var start = Stopwatch.StartNew();
            await sweep.Reconcile();
            var busy = await SettleAsync();
            var extra = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds - idle * start.Elapsed.TotalSeconds;
            cpu.Add(extra);
            wall.Add(busy.TotalSeconds);
            Console.WriteLine($"pass {pass + 1}: {extra * 1000:F0} ms CPU, busy for {busy.TotalSeconds:F2} s");
        }
        var memory = Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024.0;
        await host.StopAsync();

        var meanCpu = cpu.Average();
        Console.WriteLine();
        Console.WriteLine($"one reconcile pass over {trials} unfinished trials: mean {meanCpu * 1000:F0} ms CPU "
            + $"({meanCpu / trials * 1e6:F1} us per trial), busy {wall.Average():F2} s");
        Console.WriteLine($"at the default 30 s interval: {meanCpu / 30 * 100:F2} % of one core per running sweep of this size");
        Console.WriteLine($"working set with {trials} trial grains active: {memory:F0} MiB");
        return 0;
    }

    /// <summary>Waits until the process uses under 5 % of a core for three samples in a row; returns how long that took minus the quiet samples.</summary>
    private static async Task<TimeSpan> SettleAsync()
    {
        var clock = Stopwatch.StartNew();
        var quiet = 0;
        var last = Process.GetCurrentProcess().TotalProcessorTime;
        while (quiet < 3)
        {
            await Task.Delay(Sample);
            var now = Process.GetCurrentProcess().TotalProcessorTime;
            quiet = (now - last) < Sample * 0.05 ? quiet + 1 : 0;
            last = now;
        }
        return clock.Elapsed - 3 * Sample;
    }

    /// <summary>CPU time used per wall second over a window (1.0 is one full core).</summary>
    private static async Task<double> CpuRateAsync(TimeSpan window)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(window);
        return (Process.GetCurrentProcess().TotalProcessorTime - before) / window;
    }

    private static SweepSpec Spec(int trials)
    {
        var parameters = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        parameters["seed"] = [.. Enumerable.Range(1, trials).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        // Long enough that no trial finishes while the passes are measured.
        parameters[SyntheticTrialParameters.DurationMs] = [TimeSpan.FromHours(1).TotalMilliseconds.ToString(CultureInfo.InvariantCulture)];
        return new SweepSpec("reconcile", "tiny-llava", "icon-mc", [.. BenchmarkTasks.SourceNames.Take(1)], ["lora"],
            GridKind.Product, parameters.ToImmutable(), [], trials, 1, SyntheticTrialParameters.Kind);
    }
}
