using LoRASculpt.Contracts.Sweeps;
using Spectre.Console;

namespace LoRASculpt.Reporting.Tests;

public sealed class ResultRenderersTests
{
    [Fact]
    public void Best_trials_are_computed_per_metric()
    {
        var results = ResultsFixture.Build();

        Assert.Equal("t-0000000000000003", results.BestBySource);
        Assert.Equal("t-0000000000000001", results.BestByTarget);
        Assert.Equal("t-0000000000000002", results.BestByAvg); // Avg 74.125
    }

    [Fact]
    public void Csv_has_full_precision_invariant_numbers_and_quoted_reasons()
    {
        var csv = CsvResultsWriter.Render(ResultsFixture.Build(), ResultMetric.Target);

        Assert.Equal(
            "trial_id,method,alpha,status,attempts,source,target,avg,shape-vqa,text-ocr,icon-mc,training_seconds,evaluation_seconds,failure_reason\r\n" +
            "t-0000000000000001,lora,,completed,1,50.125,90.5,70.3125,51.125,49.125,90.5,61.25,7.5,\r\n" +
            "t-0000000000000002,lorasculpt,0.0001,completed,1,60,88.25,74.125,61,59,88.25,61.25,7.5,\r\n" +
            "t-0000000000000005,lorasculpt,1E-05,completed,1,61,86,73.5,62,60,86,61.25,7.5,\r\n" +
            "t-0000000000000003,lorasculpt,0.001,completed,1,62.5,80,71.25,63.5,61.5,80,61.25,7.5,\r\n" +
            "t-0000000000000004,lorasculpt,0.01,failed,1,,,,,,,,,\"out of memory, \"\"twice\"\"\"\r\n",
            csv);
    }

    [Fact]
    public void Markdown_mirrors_the_paper_table_with_the_best_in_bold()
    {
        var markdown = MarkdownResultsWriter.Render(ResultsFixture.Build());

        Assert.Equal(
            "| alpha | method | Source | Target | Avg | notes |\n" +
            "|---|---|---:|---:|---:|---|\n" +
            "| — | lora | 50.13 | **90.50** | 70.31 |  |\n" +
            "| 0.0001 | lorasculpt | 60.00 | 88.25 | **74.13** |  |\n" +
            "| 0.001 | lorasculpt | **62.50** | 80.00 | 71.25 |  |\n" +
            "| 0.01 | lorasculpt | — | — | — | failed: out of memory, \"twice\" |\n" +
            "| 1e-05 | lorasculpt | 61.00 | 86.00 | 73.50 |  |\n",
            markdown);
    }

    [Fact]
    public void Markdown_sorted_by_avg_puts_unscored_rows_last_and_drops_notes_when_all_completed()
    {
        var all = ResultsFixture.Build();
        var completedOnly = all with { Rows = [.. all.Rows.Where(r => r.Result is not null)] };

        var markdown = MarkdownResultsWriter.Render(completedOnly, ResultMetric.Avg);

        Assert.Equal(
            "| alpha | method | Source | Target | Avg |\n" +
            "|---|---|---:|---:|---:|\n" +
            "| 0.0001 | lorasculpt | 60.00 | 88.25 | **74.13** |\n" +
            "| 1e-05 | lorasculpt | 61.00 | 86.00 | 73.50 |\n" +
            "| 0.001 | lorasculpt | **62.50** | 80.00 | 71.25 |\n" +
            "| — | lora | 50.13 | **90.50** | 70.31 |\n",
            markdown);
    }

    [Fact]
    public void Json_round_trips_exact_scores()
    {
        var json = JsonResultsWriter.Render(ResultsFixture.Build(), ResultMetric.Source);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal("s-abcdefabcdef", root.GetProperty("sweep_id").GetString());
        Assert.Equal("t-0000000000000003", root.GetProperty("best").GetProperty("source").GetString());
        var trials = root.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(["t-0000000000000003", "t-0000000000000005", "t-0000000000000002", "t-0000000000000001", "t-0000000000000004"],
            trials.Select(t => t.GetProperty("trial_id").GetString()));
        Assert.Equal(70.3125, trials[3].GetProperty("avg").GetDouble());
        Assert.Equal(51.125, trials[3].GetProperty("tasks")[0].GetProperty("score").GetDouble());
        Assert.Equal("out of memory, \"twice\"", trials[4].GetProperty("failure_reason").GetString());
        Assert.False(trials[4].TryGetProperty("avg", out _));
        Assert.Equal("0.0001", trials[2].GetProperty("swept").GetProperty("alpha").GetString());
        Assert.Contains("\"avg\": 70.3125", json);
    }

    [Fact]
    public void Terminal_table_shows_every_row_with_status_and_reason()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 120;

        console.Write(ResultsTable.Build(ResultsFixture.Build(), ResultMetric.Avg));
        var lines = writer.ToString().Split('\n');

        Assert.Contains(lines, l => l.Contains("quickstart (s-abcdefabcdef)"));
        var order = new[] { "0.0001", "1e-05", "0.001", "lora ", "0.01" }
            .Select(v => Array.FindIndex(lines, l => l.Contains(v))).ToArray();
        Assert.Equal(order.Order(), order);
        Assert.Contains(lines, l => l.Contains("0.0001") && l.Contains("60.00") && l.Contains("88.25") && l.Contains("74.13") && l.Contains("completed"));
        Assert.Contains(lines, l => l.Contains("0.01") && l.Contains("failed: out of memory, \"twice\""));
        Assert.Contains(lines, l => l.Contains("4 of 5 trials completed") && l.Contains("sorted by Avg"));
    }

    [Theory]
    [InlineData("avg", ResultMetric.Avg)]
    [InlineData("Source", ResultMetric.Source)]
    [InlineData("TARGET", ResultMetric.Target)]
    public void Sort_names_parse(string text, ResultMetric expected)
    {
        Assert.True(ResultsReport.TryParseMetric(text, out var metric));
        Assert.Equal(expected, metric);
    }

    [Theory]
    [InlineData("loss")]
    [InlineData("1")]
    [InlineData("")]
    public void Unknown_sort_names_are_refused(string text) => Assert.False(ResultsReport.TryParseMetric(text, out _));
}
