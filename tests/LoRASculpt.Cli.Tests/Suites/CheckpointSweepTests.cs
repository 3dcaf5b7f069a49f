using System.Text.RegularExpressions;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Cli.Hosting;
using LoRASculpt.Cli.Tests.Sweep;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Tests.Checkpoints;

namespace LoRASculpt.Cli.Tests.Suites;

/// <summary>
/// The whole path a user takes with a real checkpoint, on the embedded silo with real torch training: a Hugging Face
/// LLaVA directory (tiny, bf16, sharded) as base_model, a suite file of LLaVA-format datasets with PNG images, and a
/// lora / lorasculpt sweep that trains, evaluates in shards and writes its results table.
/// </summary>
public sealed class CheckpointSweepTests : IDisposable
{
    private readonly SweepCli _cli = new(SweepHostFactory.RegisterDefaultExecutors);

    [Fact]
    public void A_sweep_over_a_checkpoint_directory_and_a_suite_file_runs_end_to_end()
    {
        TinyCheckpoints.Write(Path.Combine(_cli.WorkDirectory, "model"), CheckpointLayout.LlavaHf).Dispose();
        TinySuite.Write(Path.Combine(_cli.WorkDirectory, "suite"));
        var file = _cli.WriteFile("tiny-checkpoint.yaml", """
            name: tiny-checkpoint
            base_model: ./model
            suite: ./suite/suite.json
            target: side
            methods: [lora, lorasculpt]
            trial_kind: torch
            eval_shards: 2
            parameters:
              steps: {value: 40}
              lr: {value: 0.01}
              batch_size: {value: 4}
              rank: {value: 4}
              lora_alpha: {value: 8}
              prune_step: {value: 2}
              checkpoint_every: {value: 0}
            """);
        var output = Path.Combine(_cli.WorkDirectory, "results");

        var result = _cli.Run("run", file, "--output", output);

        Assert.True(result.Exit == SweepExitCodes.Success, result.Output + result.Error);
        var csv = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.Equal(3, csv.Length); // header + lora + lorasculpt
        Assert.Contains("colour", csv[0]);
        Assert.Contains("size", csv[0]);
        Assert.Contains("side", csv[0]);
        var json = File.ReadAllText(Path.Combine(output, "results.json"));
        Assert.Equal(2, Regex.Matches(json, "\"status\":\\s*\"completed\"").Count);
        // Results carry the suite's content version, not the built-in benchmark's.
        Assert.Matches("\"suite_version\":\\s*\"v1\\+[0-9a-f]{12}\"", json);
        // Fine-tuning read the target's LLaVA training file: after 40 steps plain LoRA answers some left/right questions right.
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var lora = document.RootElement.GetProperty("trials").EnumerateArray().Single(t => t.GetProperty("method").GetString() == "lora");
        Assert.True(lora.GetProperty("target").GetDouble() > 0, json);

        // Both trials are on the leaderboard of the checkpoint's directory name and the suite's target.
        var board = _cli.RunLeaderboard("top", "--model", "model", "--task", TinySuite.Target, "--format", "json");
        Assert.True(board.Exit == SweepExitCodes.Success, board.Output + board.Error);
        Assert.Equal(2, Regex.Matches(board.Output, "\"entry_id\"").Count);
    }

    public void Dispose() => _cli.Dispose();
}
