using System.Collections.Immutable;
using System.Text.Json;
using LoRASculpt.Contracts.Trials;
using static LoRASculpt.Reporting.Tests.ResultsFixture;

namespace LoRASculpt.Reporting.Tests;

/// <summary>A stopped-early row: its curve-point scores are in CSV and JSON, never in a table's score columns or among the best.</summary>
public sealed class StoppedEarlyRenderersTests
{
    private const string Reason = "at step 50 (curve point 2): avg 95.00, worse than the cutoff 96.00 of 3 earlier trials";

    private static readonly TrialResult CurvePoint = new([], 95, 95, 95,
        new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, 50, ImmutableSortedDictionary<string, string>.Empty),
        TimeSpan.FromSeconds(3), TimeSpan.Zero, "", "");

    private static Contracts.Sweeps.SweepResults Results() => ResultsFixture.Reporting(
    [
        Row("t-0000000000000001", "lora", [("alpha", "0.001")], Result(50, 90)),
        Row("t-0000000000000002", "lora", [("alpha", "0.01")], CurvePoint, TrialStatus.StoppedEarly) with { StopReason = Reason },
    ]);

    [Fact]
    public void It_is_never_the_best_even_with_higher_curve_scores()
    {
        var results = Results();
        Assert.Equal(("t-0000000000000001", "t-0000000000000001", "t-0000000000000001"), (results.BestByAvg, results.BestBySource, results.BestByTarget));
    }

    [Fact]
    public void Markdown_shows_where_and_why_it_stopped_instead_of_scores()
    {
        Assert.Equal(
            "| alpha | method | Source | Target | Avg | notes |\n" +
            "|---|---|---:|---:|---:|---|\n" +
            "| 0.001 | lora | **50.00** | **90.00** | **70.00** |  |\n" +
            $"| 0.01 | lora | — | — | — | stopped early {Reason} |\n",
            MarkdownResultsWriter.Render(Results()));
    }

    [Fact]
    public void Csv_and_json_carry_the_status_and_its_curve_point_scores()
    {
        var csv = CsvResultsWriter.Render(Results()).Split("\r\n");
        Assert.Equal("t-0000000000000002,lora,0.01,stopped early,1,95,95,95,,,,3,0,", csv[2]);

        using var json = JsonDocument.Parse(JsonResultsWriter.Render(Results()));
        var row = json.RootElement.GetProperty("trials")[1];
        Assert.Equal(("stopped early", Reason, 95.0), (row.GetProperty("status").GetString(), row.GetProperty("stop_reason").GetString(), row.GetProperty("avg").GetDouble()));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("trials")[0].GetProperty("stop_reason").ValueKind);
    }
}
