using System.Text.RegularExpressions;
using LoRASculpt.Cli.Commands.Sweep;

namespace LoRASculpt.Cli.Tests.Sweep;

/// <summary>submit, list, status, results and cancel: ids, prefixes, formats and their exit codes.</summary>
public sealed class SweepQueryTests : IDisposable
{
    private readonly SweepCli _cli = new();

    private string Sweep(string name, int seeds) => _cli.WriteFile($"{name}.yaml", $"""
        name: {name}
        target: icon-mc
        methods: [lora]
        trial_kind: synthetic
        parameters:
          duration_ms: {"{"}value: 10{"}"}
          seed: {"{"}range: [0, {seeds}]{"}"}
        """);

    [Fact]
    public void Submit_prints_the_id_alone_and_the_other_commands_find_it_by_prefix()
    {
        var submitted = _cli.Run("submit", Sweep("first", 2));
        Assert.Equal(SweepExitCodes.Success, submitted.Exit);
        var id = submitted.Output.Trim();
        Assert.Matches("^s-[0-9a-f]{12}$", id);
        Assert.Contains($"run `lorasculpt sweep resume {id} --data-dir {_cli.DataDirectory}`", submitted.Error);
        Assert.Equal(SweepExitCodes.Success, _cli.Run("submit", Sweep("second", 3)).Exit);

        var list = _cli.Run("list");
        Assert.Equal(SweepExitCodes.Success, list.Exit);
        Assert.Contains(id, list.Output);
        Assert.Contains("second", list.Output);

        var ambiguous = _cli.Run("status", "s-");
        Assert.Equal(SweepExitCodes.InvalidInput, ambiguous.Exit);
        Assert.Contains("Sweep id prefix 's-' matches 2 sweeps", ambiguous.Error);

        var status = _cli.Run("status", id[..8]);
        Assert.Equal(SweepExitCodes.Success, status.Exit);
        Assert.Contains($"Sweep {id} (first): running", status.Output);
        Assert.Contains("trials: 2 total", status.Output);

        var cancelled = _cli.Run("cancel", id);
        Assert.Equal(SweepExitCodes.Success, cancelled.Exit);
        Assert.Contains($"Sweep {id} (first): cancelled", cancelled.Output);

        var watched = _cli.Run("watch", id);
        Assert.Equal(SweepExitCodes.SweepCancelled, watched.Exit);

        var resumed = _cli.Run("resume", id);
        Assert.Equal(SweepExitCodes.Success, resumed.Exit);
        Assert.Contains("2 of 2 trials completed", resumed.Output);

        var json = _cli.Run("results", id, "--format", "json", "--sort", "avg");
        Assert.Equal(SweepExitCodes.Success, json.Exit);
        Assert.Equal(2, Regex.Matches(json.Output, "\"status\":\\s*\"completed\"").Count);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("results")]
    [InlineData("watch")]
    [InlineData("resume")]
    [InlineData("cancel")]
    public void An_unknown_id_exits_4(string command)
    {
        var result = _cli.Run(command, "s-000000000000");

        Assert.Equal(SweepExitCodes.UnknownSweep, result.Exit);
        Assert.Contains("No sweep with id or id prefix 's-000000000000'", result.Error);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--sort", "loss")]
    public void Bad_results_options_exit_2(string option, string value)
    {
        var result = _cli.Run("results", "s-000000000000", option, value);

        Assert.Equal(SweepExitCodes.InvalidInput, result.Exit);
        Assert.Contains(value, result.Error);
    }

    [Fact]
    public void The_leaderboard_folds_seeds_into_grid_points()
    {
        var file = _cli.WriteFile("seeded.yaml", """
            name: seeded
            target: icon-mc
            methods: [lorasculpt]
            trial_kind: synthetic
            seeds: 3
            parameters:
              duration_ms: {value: 5}
              alpha: {values: [1, 100]}
            """);
        Assert.Equal(SweepExitCodes.Success, _cli.Run("run", file).Exit);

        var board = _cli.RunLeaderboard("top", "--model", "tiny-llava", "--task", "icon-mc", "--by-point");

        Assert.Equal(SweepExitCodes.Success, board.Exit);
        var rows = board.Output.Split('\n').Where(l => l.Contains("lorasculpt", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Matches(@"[\d.]+ ± [\d.]+ \(3\)\s+0,1,2", r));
        Assert.Single(rows, r => r.Contains("alpha=100 ", StringComparison.Ordinal));
    }

    public void Dispose() => _cli.Dispose();
}
