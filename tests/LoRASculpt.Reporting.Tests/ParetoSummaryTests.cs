using LoRASculpt.Contracts.Trials;
using static LoRASculpt.Reporting.Tests.ResultsFixture;

namespace LoRASculpt.Reporting.Tests;

public sealed class ParetoSummaryTests
{
    /// <summary>Plan order: a front point, a failed trial, a second front point, then a dominated one.</summary>
    private static readonly LoRASculpt.Contracts.Sweeps.SweepResults Search = ResultsFixture.Reporting(
    [
        Row("t-1", "lorasculpt", [("alpha", "1")], Result(50, 20)),
        Row("t-2", "lorasculpt", [("alpha", "2")], null, TrialStatus.Failed, "diverged"),
        Row("t-3", "lorasculpt", [("alpha", "3")], Result(40, 30)),
        Row("t-4", "lorasculpt", [("alpha", "4")], Result(45, 10)),
    ]);

    [Fact]
    public void The_front_holds_the_non_dominated_trials_by_source_ascending()
    {
        var pareto = ParetoSummary.Of(Search)!;

        Assert.Equal(["t-3", "t-1"], pareto.Front.Select(m => m.TrialId));
        Assert.Equal((40.0, 30.0), (pareto.Front[0].Source, pareto.Front[0].Target));
        Assert.Equal(3, pareto.Scored);
    }

    [Fact]
    public void Hypervolume_is_counted_after_every_planned_trial_failed_ones_included()
    {
        var pareto = ParetoSummary.Of(Search)!;

        // 50 x 20; unchanged by the failure; + (40 x 30 - 40 x 20) for the second front point; unchanged by a dominated one.
        Assert.Equal([(1, 1000.0), (2, 1000.0), (3, 1400.0), (4, 1400.0)], pareto.Hypervolume.Select(s => (s.Count, s.Value)));
        Assert.Equal("trials", pareto.CountedAs);
    }

    [Fact]
    public void Describe_lists_the_front_and_the_hypervolume_at_quarters()
    {
        Assert.Equal(
            "Pareto front (Source, Target), 2 of 3 scored trials: lorasculpt alpha=3 (40.00, 30.00); lorasculpt alpha=1 (50.00, 20.00)\n"
            + "Hypervolume above (0, 0): 1400.0 after 4 trials (1: 1000.0, 2: 1000.0, 3: 1400.0)\n",
            ParetoSummary.Of(Search)!.Describe());
    }

    [Fact]
    public void With_seeds_points_are_grid_points_at_their_means()
    {
        var seeded = new LoRASculpt.Contracts.Sweeps.SweepResults("s-1", "seeded", LoRASculpt.Contracts.Sweeps.SweepState.Completed, ["alpha", "seed"],
        [
            Row("t-1", "lorasculpt", [("alpha", "1"), ("seed", "0")], Result(50, 20)),
            Row("t-2", "lorasculpt", [("alpha", "1"), ("seed", "1")], Result(40, 30)),
            Row("t-3", "lorasculpt", [("alpha", "2"), ("seed", "0")], Result(30, 10)),
        ], null, null, null);

        var pareto = ParetoSummary.Of(seeded)!;

        // alpha=1 at (45, 25) dominates alpha=2 at (30, 10).
        Assert.Equal("points", pareto.CountedAs);
        Assert.Equal(["t-1"], pareto.Front.Select(m => m.TrialId));
        Assert.Equal([(1, 45.0 * 25), (2, 45.0 * 25)], pareto.Hypervolume.Select(s => (s.Count, s.Value)));
    }

    [Fact]
    public void No_summary_without_a_scored_trial()
    {
        Assert.Null(ParetoSummary.Of(ResultsFixture.Reporting([Row("t-1", "lora", [], null, TrialStatus.Failed, "x")])));
    }

    [Fact]
    public void Json_and_csv_carry_the_front_and_the_hypervolume_per_trial()
    {
        var json = System.Text.Json.JsonDocument.Parse(JsonResultsWriter.Render(Search)).RootElement.GetProperty("pareto");
        Assert.Equal(["t-3", "t-1"], json.GetProperty("front").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([1000.0, 1000.0, 1400.0, 1400.0], json.GetProperty("hypervolume").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("trials,hypervolume\n1,1000\n2,1000\n3,1400\n4,1400\n", CsvResultsWriter.RenderHypervolume(ParetoSummary.Of(Search)!).Replace("\r\n", "\n"));
    }
}
