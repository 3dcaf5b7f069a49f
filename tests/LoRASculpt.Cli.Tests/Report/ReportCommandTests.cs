using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Cli.Tests.Sweep;

namespace LoRASculpt.Cli.Tests.Report;

/// <summary>`lorasculpt report` end to end on the embedded silo, with the hidden --trial-kind synthetic (trials that only wait).</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly SweepCli _cli = new();

    [Fact]
    public void Report_runs_its_sections_once_per_distinct_trial_and_writes_the_readme_tables_and_files()
    {
        var output = Path.Combine(_cli.WorkDirectory, "results");
        var notes = _cli.WriteFile("notes.md", "from a file\n\n  \nand its second line\n");

        var result = _cli.RunReport("--sections", "main,alpha", "--targets", "icon-mc", "--seeds", "2", "--trial-kind", "synthetic",
            "--out", output, "--note", "a test run", "--notes-file", notes);

        Assert.Equal(SweepExitCodes.Success, result.Exit);
        Assert.Contains("Submitted report-main-icon-mc: sweep s-", result.Output);
        Assert.Contains("Submitted report-alpha-icon-mc: sweep s-", result.Output);
        // main: 7 methods x 2 seeds; alpha: 4 values x 2 seeds, of which alpha 10 is main's lorasculpt: 14 + 6 trials, each trained once.
        Assert.Equal(20, _cli.Executors.Completed.Count);
        Assert.All(_cli.Executors.Completed.Values, n => Assert.Equal(1, n));

        var readme = File.ReadAllText(Path.Combine(output, "README.md"));
        Assert.StartsWith("# LoRASculpt: paper-style report\n", readme);
        Assert.Contains("```\nlorasculpt report --sections main,alpha --targets icon-mc --seeds 2 --trial-kind synthetic --out ", readme);
        Assert.Contains("- a test run\n- from a file\n- and its second line\n", readme);
        Assert.Contains("\n## Target: icon-mc\n\n### Main table: every method at its defaults\n\n| method | Source | Target | Avg |", readme);
        Assert.Contains("\n### LoRASculpt's CMR weight alpha\n\n| alpha | method | Source | Target | Avg |", readme);
        Assert.Contains("14 of 14 trials completed; 7 grid points, up to 2 seeds each", readme);
        Assert.Contains("8 of 8 trials completed; 4 grid points, up to 2 seeds each", readme);
        Assert.Equal(2, readme.Split("Knob effect: Source ").Length - 1);
        Assert.Equal(2, readme.Split("elow chance (25 %)").Length - 1);
        Assert.Contains("](icon-mc/alpha/scores-vs-alpha.png)", readme);
        foreach (var file in new[] { "icon-mc/main/results.csv", "icon-mc/main/results-by-point.csv", "icon-mc/main/results.json", "icon-mc/alpha/scores-vs-alpha.png", "icon-mc/main/source-vs-target.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
    }

    [Fact]
    public void An_unknown_section_is_refused_before_anything_runs()
    {
        var result = _cli.RunReport("--sections", "main,gamma", "--trial-kind", "synthetic", "--out", Path.Combine(_cli.WorkDirectory, "r"));

        Assert.Equal(SweepExitCodes.InvalidInput, result.Exit);
        Assert.Equal("error: unknown section 'gamma' (known: main, lora-lr, components, density, alpha, beta)", result.Error.Trim());
        Assert.Empty(_cli.Executors.Started);
        Assert.False(Directory.Exists(Path.Combine(_cli.WorkDirectory, "r")));
    }

    public void Dispose() => _cli.Dispose();
}
