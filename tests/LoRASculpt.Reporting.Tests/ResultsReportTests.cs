using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Sweeps.Builtin;
using LoRASculpt.Sweeps.Expansion;

namespace LoRASculpt.Reporting.Tests;

public sealed class ResultsReportTests
{
    [Fact]
    public void A_plan_and_its_outcomes_become_a_results_table()
    {
        var spec = BuiltinSweeps.ParseFileOrBuiltin(BuiltinSweeps.Quickstart).Spec!;
        var plan = SweepExpander.Plan(spec);
        (double Source, double Target)?[] outcomes = [(50, 90), (60, 85), null, (58, 89), (55, 80)];

        var results = ResultsReport.FromTrials(SweepIds.For(spec), spec.Name, SweepState.Running, plan.SweptParameters,
            plan.Trials.Select((t, i) => (new SweepTrial(t.TrialId, t.Config, t.SweptValues.ToImmutableSortedDictionary(StringComparer.Ordinal)),
                outcomes[i] is null ? TrialStatus.Training : TrialStatus.Completed,
                outcomes[i] is { } o ? ResultsFixture.Result(o.Source, o.Target) : null,
                (string?)null)));

        Assert.Equal(["alpha"], results.SweptAxes.ToArray());
        Assert.Equal(plan.Trials.Select(t => t.TrialId), results.Rows.Select(r => r.TrialId));
        Assert.Equal(plan.Trials[3].TrialId, results.BestByAvg);   // 73.5
        Assert.Equal(plan.Trials[1].TrialId, results.BestBySource); // 60
        Assert.Equal(plan.Trials[0].TrialId, results.BestByTarget); // 90
        Assert.Equal(
            "| alpha | method | Source | Target | Avg | notes |\n" +
            "|---|---|---:|---:|---:|---|\n" +
            "| — | lora | 50.00 | **90.00** | 70.00 |  |\n" +
            "| 0 | lorasculpt | **60.00** | 85.00 | 72.50 |  |\n" +
            "| 1 | lorasculpt | — | — | — | training |\n" +
            "| 10 | lorasculpt | 58.00 | 89.00 | **73.50** |  |\n" +
            "| 100 | lorasculpt | 55.00 | 80.00 | 67.50 |  |\n",
            MarkdownResultsWriter.Render(results));
    }

    [Fact]
    public void Ties_go_to_the_first_trial_in_plan_order()
    {
        SweepResultRow[] rows =
        [
            ResultsFixture.Row("t-a", "lora", [], ResultsFixture.Result(50, 80)),
            ResultsFixture.Row("t-b", "dora", [], ResultsFixture.Result(50, 80)),
        ];

        Assert.Equal("t-a", ResultsReport.Best(rows, ResultMetric.Avg));
        Assert.Equal(["t-a", "t-b"], ResultsReport.Ordered(ResultsFixture.Reporting(rows), ResultMetric.Source).Select(r => r.TrialId));
    }
}
