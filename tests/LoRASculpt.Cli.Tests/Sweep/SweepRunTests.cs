using System.Text.RegularExpressions;
using LoRASculpt.Cli.Commands.Sweep;

namespace LoRASculpt.Cli.Tests.Sweep;

/// <summary>`sweep run` end to end on the embedded silo with synthetic trials (no torch): table, files, reuse, resume.</summary>
public sealed partial class SweepRunTests : IDisposable
{
    private readonly SweepCli _cli = new();

    private string SyntheticSweep(int durationMs, string name = "syn") => _cli.WriteFile($"{name}.yaml", $"""
        name: {name}
        target: icon-mc
        methods: [lora, lorasculpt]
        trial_kind: synthetic
        eval_shards: 2
        parameters:
          alpha: {"{"}values: [1.0e-4, 1.0e-3, 1.0e-2]{"}"}
          duration_ms: {"{"}value: {durationMs}{"}"}
        """);

    [Fact]
    public void Run_prints_the_table_and_writes_csv_json_markdown_and_plots()
    {
        var file = SyntheticSweep(50);
        var output = Path.Combine(_cli.WorkDirectory, "out");

        var result = _cli.Run("run", file, "--output", output);

        Assert.Equal(SweepExitCodes.Success, result.Exit);
        Assert.Matches(@"Submitted sweep s-[0-9a-f]{12} \(syn\): 4 trials", result.Output);
        Assert.Contains("4/4 trials finished (4 completed, 0 failed), 0 running, 0 queued - sweep completed", result.Output);
        Assert.Contains("│ Source │ Target │", result.Output);
        Assert.Contains("4 of 4 trials completed", result.Output);
        Assert.Contains($"Results written to {output}:", result.Output);

        var csv = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("trial_id,method,alpha,status,attempts,source,target,avg,", csv[0]);
        Assert.All(csv.Skip(1), line => Assert.Contains(",completed,1,", line));
        Assert.Equal(4, Regex.Matches(File.ReadAllText(Path.Combine(output, "results.json")), "\"status\":\\s*\"completed\"").Count);
        Assert.True(File.Exists(Path.Combine(output, "results.md")));
        foreach (var png in new[] { "scores-vs-alpha.png", "source-vs-target.png" })
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(output, png)).Take(4).ToArray());

        Assert.Equal(4, _cli.Executors.Completed.Count);
        Assert.All(_cli.Executors.Completed.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public void Running_the_same_file_again_reuses_every_completed_trial()
    {
        var file = SyntheticSweep(50);
        Assert.Equal(SweepExitCodes.Success, _cli.Run("run", file).Exit);

        var again = _cli.Run("run", file);

        Assert.Equal(SweepExitCodes.Success, again.Exit);
        Assert.Contains("was submitted before: 4/4 trials completed, 0 failed", again.Output);
        Assert.Contains("4 of 4 trials completed", again.Output);
        Assert.Equal(4, _cli.Executors.Started.Count);
        Assert.All(_cli.Executors.Started.Values, n => Assert.Equal(1, n));
        // Without --output, results go to ./lorasculpt-results/<name>-<id>.
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(_cli.WorkDirectory, "lorasculpt-results")));
        Assert.Matches("syn-s-[0-9a-f]{12}$", folder);
    }

    [Fact]
    public async Task An_interrupted_run_resumes_without_rerunning_completed_trials()
    {
        var file = SyntheticSweep(300);
        using var interrupt = new CancellationTokenSource();
        // Interrupt (as Ctrl+C would) when the third training starts: two trials are done by then.
        var watcher = Task.Run(async () =>
        {
            while (_cli.Executors.Started.Values.Sum() < 3)
                await Task.Delay(10);
            interrupt.Cancel();
        });

        var first = await Task.Run(() => _cli.Run(interrupt.Token, "run", file));
        await watcher;

        Assert.Equal(SweepExitCodes.Interrupted, first.Exit);
        var id = SweepId().Match(first.Output).Value;
        Assert.Contains($"Continue it with `lorasculpt sweep resume {id} --data-dir {_cli.DataDirectory}` or by running the same sweep file again.", first.Error);
        var completedBefore = CompletedTrials(id);
        Assert.InRange(completedBefore.Count, 1, 3);

        var resumed = _cli.Run("resume", id[..6]);

        Assert.Equal(SweepExitCodes.Success, resumed.Exit);
        Assert.Contains($"Resumed sweep {id} (syn): {completedBefore.Count}/4 trials completed", resumed.Output);
        Assert.Equal(4, CompletedTrials(id).Count);
        foreach (var trial in completedBefore)
            Assert.Equal(1, _cli.Executors.Started[trial]);
        // No trial's training ran to completion twice: every result was kept.
        Assert.Equal(4, _cli.Executors.Completed.Count);
        Assert.All(_cli.Executors.Completed.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public void A_sweep_whose_trials_fail_finishes_with_exit_code_3_and_the_reason()
    {
        var file = _cli.WriteFile("failing.yaml", """
            name: failing
            target: icon-mc
            methods: [lora]
            trial_kind: synthetic
            parameters:
              duration_ms: {value: 10}
              fail_attempts: {value: 100}
            """);

        var result = _cli.Run("run", file);

        Assert.Equal(SweepExitCodes.TrialsFailed, result.Exit);
        Assert.Contains("1/1 trials finished (0 completed, 1 failed)", result.Output);
        Assert.Contains("synthetic failure", result.Output);
    }

    private HashSet<string> CompletedTrials(string sweepId)
    {
        var csv = _cli.Run("results", sweepId, "--format", "csv");
        Assert.Equal(SweepExitCodes.Success, csv.Exit);
        return csv.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields[3] == "completed")
            .Select(fields => fields[0])
            .ToHashSet();
    }

    [GeneratedRegex("s-[0-9a-f]{12}")]
    private static partial Regex SweepId();

    public void Dispose() => _cli.Dispose();
}
