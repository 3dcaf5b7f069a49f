using System.Text.RegularExpressions;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Sweeps.Search.EarlyTermination;

namespace LoRASculpt.Cli.Tests.Sweep;

/// <summary>`sweep run` of a file with <c>early_terminate</c> on the embedded silo (synthetic trials with curves).</summary>
public sealed class SweepEarlyTerminationTests : IDisposable
{
    private readonly SweepCli _cli = new();

    [Fact]
    public void Weak_trials_end_stopped_early_with_the_step_and_the_sweep_succeeds()
    {
        // 1 s of training is 4 synthetic steps, a curve point at each; the one rung is the first point.
        var file = _cli.WriteFile("early.yaml", """
            name: early
            target: icon-mc
            methods: [lora]
            trial_kind: synthetic
            metric: {name: avg, goal: maximize}
            early_terminate: {type: hyperband, min_iter: 1, eta: 3, max_iter: 3}
            parameters:
              seed: {values: [1, 2, 3, 4, 5, 6]}
              duration_ms: {value: 1000}
              curve_every: {value: 1}
            """);
        var output = Path.Combine(_cli.WorkDirectory, "out");

        var result = _cli.Run("run", file, "--cpu-slots", "1", "--output", output);

        Assert.Equal(SweepExitCodes.Success, result.Exit);
        var rows = File.ReadAllLines(Path.Combine(output, "results.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        // One slot runs the trials in plan order: each meets the rung after all earlier ones.
        var earlier = new List<double>();
        var expected = new List<string>();
        foreach (var trialId in rows.Select(r => r[0]))
        {
            var point = SyntheticJobExecutor.SyntheticCurvePoint(trialId, 1, 4);
            var avg = (point.Source + point.Target) / 2;
            if (!SuccessiveHalving.Continues(avg, SuccessiveHalving.Cutoff(earlier, 3)))
                expected.Add(trialId);
            earlier.Add(avg);
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.Where(r => r.Contains("stopped early")).Select(r => r[0]));
        Assert.Contains($"6/6 trials finished ({6 - expected.Count} completed, 0 failed, {expected.Count} stopped early), 0 running, 0 queued - sweep completed", result.Output);
        Assert.Equal(expected.Count, _cli.Executors.Started.Count - _cli.Executors.Completed.Count);
        Assert.Equal(expected.Count, Regex.Matches(File.ReadAllText(Path.Combine(output, "results.json")), "\"stop_reason\":\\s*\"at step 1 \\(curve point 1\\): avg ").Count);

        var sweepId = Regex.Match(result.Output, "s-[0-9a-f]{12}").Value;
        var status = _cli.Run("status", sweepId);
        Assert.Contains($"{expected.Count} stopped early, 0 training", status.Output);
        // Running the file again re-runs nothing: stopped trials are finished, like completed ones.
        var again = _cli.Run("run", file, "--cpu-slots", "1", "--output", output);
        Assert.Equal(SweepExitCodes.Success, again.Exit);
        Assert.Contains($"was submitted before: {6 - expected.Count}/6 trials completed, 0 failed, {expected.Count} stopped early", again.Output);
        Assert.Equal(6, _cli.Executors.Started.Values.Sum());
        foreach (var trialId in expected)
            Assert.Matches($"  {trialId} lora seed=\\d stopped early at step 1 \\(curve point 1\\): avg \\d+\\.\\d\\d, worse than the cutoff", status.Output);
    }

    public void Dispose() => _cli.Dispose();
}
