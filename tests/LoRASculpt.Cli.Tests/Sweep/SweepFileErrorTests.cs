using LoRASculpt.Cli.Commands.Sweep;

namespace LoRASculpt.Cli.Tests.Sweep;

/// <summary>Bad sweep files: exit code 2, every error with its file:line:column and field path, and nothing created.</summary>
public sealed class SweepFileErrorTests : IDisposable
{
    private readonly SweepCli _cli = new();

    private const string BadFile = """
        name: bad
        target: icon-mc
        methods: [lora, lorasculpt]
        colour: red
        parameters:
          steps: {value: abc}
          alpha: {values: [1.0e-3, -2]}
        """;

    [Fact]
    public void Unknown_key_and_bad_values_are_all_reported_with_path_line_and_column()
    {
        var file = _cli.WriteFile("bad.yaml", BadFile);

        var result = _cli.Run("validate", file);

        Assert.Equal(SweepExitCodes.InvalidInput, result.Exit);
        Assert.Equal("", result.Output);
        var lines = result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"error: {file}:4:1: colour: unknown key 'colour'.", lines[0]);
        Assert.Equal($"error: {file}:6:18: parameters.steps.value: steps must be an integer, got 'abc'", lines[1]);
        Assert.Equal($"error: {file}:7:28: parameters.alpha.values[1]: alpha must be >= 0, got -2", lines[2]);
        Assert.Equal($"{file}: 3 errors; nothing was submitted.", lines[3]);
    }

    [Fact]
    public void Missing_file_exits_2_and_lists_the_shipped_sweeps()
    {
        var result = _cli.Run("validate", Path.Combine(_cli.WorkDirectory, "absent.yaml"));

        Assert.Equal(SweepExitCodes.InvalidInput, result.Exit);
        Assert.Contains("absent.yaml: no such file, and no shipped sweep named", result.Error);
        Assert.Contains("quickstart", result.Error);
    }

    [Fact]
    public void A_random_search_without_a_run_cap_says_what_to_write()
    {
        var file = _cli.WriteFile("wandb.yaml", """
            method: random
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              alpha: {values: [1.0e-3, 1.0e-2]}
            """);

        var result = _cli.Run("validate", file);

        Assert.Equal(SweepExitCodes.InvalidInput, result.Exit);
        Assert.Contains($"error: {file}:1:9: run_cap: `method: random` needs `run_cap:`, the number of points to draw", result.Error);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("submit")]
    public void A_bad_file_creates_nothing(string command)
    {
        var file = _cli.WriteFile("bad.yaml", BadFile);

        var result = _cli.Run(command, file);

        Assert.Equal(SweepExitCodes.InvalidInput, result.Exit);
        Assert.Contains("nothing was submitted", result.Error);
        // Validation happens before any host starts: not even the data directory exists.
        Assert.False(Directory.Exists(_cli.DataDirectory));
    }

    [Fact]
    public void A_valid_file_reports_its_plan()
    {
        var result = _cli.Run("validate", "quickstart");

        Assert.Equal(SweepExitCodes.Success, result.Exit);
        Assert.Contains("quickstart: valid. Sweep s-", result.Output);
        Assert.Contains("5 trials (lora x1, lorasculpt x4); swept: alpha; trial kind torch, 2 eval shard(s) per dataset.", result.Output);
        Assert.Contains("note: lora: 4 grid points run as 1 trial (alpha does not apply to lora)", result.Output);
    }

    [Theory]
    [InlineData("--cpu-slots", "0")]
    [InlineData("--cpu-slots", "many")]
    public void Bad_global_options_exit_2(string option, string value)
    {
        var result = _cli.Run("list", option, value);

        Assert.Equal(SweepExitCodes.InvalidInput, result.Exit);
        Assert.Contains(option, result.Error);
        Assert.False(Directory.Exists(_cli.DataDirectory));
    }

    public void Dispose() => _cli.Dispose();
}
