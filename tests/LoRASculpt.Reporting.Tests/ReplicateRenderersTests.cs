using System.Text.Json;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using Spectre.Console;
using static LoRASculpt.Reporting.Tests.ResultsFixture;

namespace LoRASculpt.Reporting.Tests;

public sealed class ReplicateRenderersTests
{
    /// <summary>LoRA and LoRASculpt at one alpha, 2 seeds each; one LoRASculpt seed at another alpha failed.</summary>
    private static SweepResults Seeded() => new("s-abcdefabcdef", "seeded", SweepState.Completed, ["alpha", "seed"],
    [
        Row("t1", "lora", [("seed", "0")], Result(50, 50)),
        Row("t2", "lora", [("seed", "1")], Result(52, 52)),
        Row("t3", "lorasculpt", [("alpha", "0.001"), ("seed", "0")], Result(60, 60)),
        Row("t4", "lorasculpt", [("alpha", "0.001"), ("seed", "1")], Result(62, 62)),
        Row("t5", "lorasculpt", [("alpha", "0.01"), ("seed", "0")], Result(40, 40)),
        Row("t6", "lorasculpt", [("alpha", "0.01"), ("seed", "1")], null, TrialStatus.Failed, "out of memory"),
    ], "t4", "t4", "t4");

    [Fact]
    public void Markdown_shows_one_row_per_grid_point_with_mean_std_and_n()
    {
        Assert.Equal("""
            | alpha | method | Source | Target | Avg | notes |
            |---|---|---:|---:|---:|---|
            | — | lora | 51.00 ± 1.41 (2) | 51.00 ± 1.41 (2) | 51.00 ± 1.41 (2) |  |
            | 0.001 | lorasculpt | **61.00 ± 1.41 (2)** | **61.00 ± 1.41 (2)** | **61.00 ± 1.41 (2)** |  |
            | 0.01 | lorasculpt | 40.00 | 40.00 | 40.00 | 1 of 2 seeds; seed 1 failed: out of memory |

            5 of 6 trials completed; 3 grid points, up to 2 seeds each; mean ± std (n) over completed seeds; best marked only when ahead of the runner-up by more than the larger std.

            """.Replace("\r\n", "\n"), MarkdownResultsWriter.Render(Seeded()));
    }

    [Fact]
    public void The_terminal_table_shows_points_not_seeds()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        console.Write(ResultsTable.Build(Seeded(), ResultMetric.Avg));
        var output = writer.ToString();
        var lines = output.Split('\n');
        var header = Assert.Single(lines, l => l.Contains("Method", StringComparison.Ordinal));
        Assert.DoesNotContain("seed", header, StringComparison.Ordinal);
        var sculpt = Array.FindIndex(lines, l => l.Contains("61.00 ± 1.41 (2)", StringComparison.Ordinal));
        var lora = Array.FindIndex(lines, l => l.Contains("51.00 ± 1.41 (2)", StringComparison.Ordinal));
        Assert.True(sculpt >= 0 && lora > sculpt, output);
        Assert.Contains(lines, l => l.Contains("1 of 2 seeds; seed 1 failed: out of memory", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_by_point_keeps_exact_means_and_spreads()
    {
        var lines = CsvResultsWriter.RenderPoints(Seeded()).Split("\r\n");
        Assert.Equal("method,alpha,seeds,completed,source_mean,source_std,target_mean,target_std,avg_mean,avg_std,shape-vqa_mean,shape-vqa_std,text-ocr_mean,text-ocr_std,icon-mc_mean,icon-mc_std", lines[0]);
        Assert.Equal("lora,,2,2,51,1.4142135623730951,51,1.4142135623730951,51,1.4142135623730951,52,1.4142135623730951,50,1.4142135623730951,51,1.4142135623730951", lines[1]);
        Assert.Equal("lorasculpt,0.01,2,1,40,0,40,0,40,0,41,0,39,0,40,0", lines[3]);
        // The per-seed rows stay in results.csv, seed column and all.
        Assert.Contains("t6,lorasculpt,0.01,1,failed", CsvResultsWriter.Render(Seeded()), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_keeps_the_trials_and_adds_the_points()
    {
        using var json = JsonDocument.Parse(JsonResultsWriter.Render(Seeded()));
        Assert.Equal(6, json.RootElement.GetProperty("trials").GetArrayLength());
        var points = json.RootElement.GetProperty("points");
        Assert.Equal(3, points.GetArrayLength());
        Assert.Equal("lorasculpt alpha=0.001", json.RootElement.GetProperty("best_point").GetProperty("avg").GetString());
        var sculpt = points[1];
        Assert.Equal(["t3", "t4"], sculpt.GetProperty("trial_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(61.0, sculpt.GetProperty("avg").GetProperty("mean").GetDouble());
        Assert.Equal(Math.Sqrt(2), sculpt.GetProperty("avg").GetProperty("std").GetDouble());
        Assert.Equal(2, sculpt.GetProperty("avg").GetProperty("n").GetInt32());
    }

    [Fact]
    public void A_seed_is_never_a_plot_axis()
    {
        Assert.Equal(["alpha"], ResultPlots.NumericAxes(Seeded()));
        var directory = Path.Combine(Path.GetTempPath(), "replicate-plots-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = ResultPlots.WriteAll(Seeded(), directory).Select(Path.GetFileName);
            Assert.Equal(["scores-vs-alpha.png", "source-vs-target.png"], written);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
