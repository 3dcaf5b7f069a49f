using LoRASculpt.Reporting.Report;
using static LoRASculpt.Reporting.Tests.Report.ReportFixture;

namespace LoRASculpt.Reporting.Tests.Report;

public sealed class ReportMarkdownTests
{
    private static ReportSection Alpha(double? chance = 25) =>
        new("alpha", "LoRASculpt's CMR weight alpha", "icon-mc", AlphaSection(), chance, "icon-mc/alpha", ["icon-mc/alpha/scores-vs-alpha.png"]);

    [Fact]
    public void A_section_is_its_table_with_diagnostics_the_knob_effect_and_the_chance_check()
    {
        Assert.Equal("""
            | alpha | method | Source | Target | Avg | cmr_grad_ratio | A mask ∩ initial top-k | A mask chance | option-letter answers |
            |---|---|---:|---:|---:|---:|---:|---:|---:|
            | 0 | lorasculpt | 52.00 ± 2.83 (2) | 21.00 ± 1.41 (2) | 36.50 ± 2.12 (2) | 0 | 0.42 | 0.1 | 0.6 |
            | 10 | lorasculpt | 61.00 ± 1.41 (2) | 21.50 ± 0.71 (2) | 41.25 ± 1.06 (2) | 2 | 0.39 | 0.1 | 0.95 |

            4 of 4 trials completed; 2 grid points, up to 2 seeds each; mean ± std (n) over completed seeds; best marked only when ahead of the runner-up by more than the larger std.

            Knob effect: Source **moves**: 9.00 between `lorasculpt alpha=0` and `lorasculpt alpha=10` > larger std 2.83; Target does not move: 0.50 between `lorasculpt alpha=0` and `lorasculpt alpha=10` ≤ larger std 1.41.

            **Below chance (25 %)**: `lorasculpt alpha=0` Target 21.00, 60.00 % of its answers an option letter; `lorasculpt alpha=10` Target 21.50, 95.00 % of its answers an option letter. Only an option letter can be right, so a point that answers something else part of the time scores below the 1-in-4 of guessing letters.

            """.Replace("\r\n", "\n"), SectionTable.Render(Alpha()));
    }

    [Fact]
    public void A_target_that_is_not_multiple_choice_has_no_chance_check()
    {
        Assert.DoesNotContain("chance (", SectionTable.Render(Alpha(chance: null)));
        Assert.Contains("Below chance (10 %): none.", SectionTable.ChanceLine(Reporting.ReplicateGroups.Of(AlphaSection()), 10));
    }

    [Fact]
    public void The_document_states_how_it_was_made_then_each_targets_sections()
    {
        var header = new ReportHeader("lorasculpt report --seeds 2", "tiny-llava", "ab12", "AMD EPYC 7763", 2, "Ubuntu 24.04",
            new DateTimeOffset(2026, 11, 30, 23, 5, 0, TimeSpan.Zero), TimeSpan.FromSeconds(3725), "1.00 2.00 3.00", "4.00 5.00 6.00",
            ["beta cut to 3 values"]);

        var text = ReportMarkdown.Render(header, [Alpha()]);

        Assert.StartsWith("""
            # LoRASculpt: paper-style report

            ```
            lorasculpt report --seeds 2
            ```

            | | |
            |---|---|
            | suite version | bench-v1 |
            | base model | tiny-llava (shipped weights, SHA-256 ab12) |
            | machine | AMD EPYC 7763, 2 cores, torch threads per trial 2, Ubuntu 24.04 |
            | date | 2026-11-30 23:05 UTC |
            | wall time | 1 h 02 min 05 s (load average 1/5/15 min: 1.00 2.00 3.00 at start, 4.00 5.00 6.00 at end) |
            | trial time | 4 min 35 s summed over 4 distinct trials (training + evaluation; a trial shared by sections runs once) |

            - beta cut to 3 values
            """.Replace("\r\n", "\n"), text);
        Assert.Contains("\n## Target: icon-mc\n\n### LoRASculpt's CMR weight alpha\n\n| alpha | method |", text);
        Assert.Contains("Per-trial CSV/JSON: [`icon-mc/alpha/`](icon-mc/alpha).\n\n![alpha icon-mc: scores-vs-alpha](icon-mc/alpha/scores-vs-alpha.png)\n", text);
        Assert.Contains("Knob effect, computed per section: " + KnobEffect.Rule, text);
    }

    [Fact]
    public void A_knob_that_moves_neither_score_is_shown_with_the_range_of_its_diagnostics()
    {
        var results = ResultsFixture.Reporting([
            ResultsFixture.Row("t1", "lorasculpt", [("beta", "0.01"), ("seed", "0")], WithLosses(ResultsFixture.Result(50, 40), task: 0.5, connector: 2)),
            ResultsFixture.Row("t2", "lorasculpt", [("beta", "0.01"), ("seed", "1")], WithLosses(ResultsFixture.Result(52, 42), task: 0.5, connector: 2)),
            ResultsFixture.Row("t3", "lorasculpt", [("beta", "1E-05"), ("seed", "0")], WithLosses(ResultsFixture.Result(51, 41), task: 0.5, connector: 2)),
            ResultsFixture.Row("t4", "lorasculpt", [("beta", "1E-05"), ("seed", "1")], WithLosses(ResultsFixture.Result(52, 41), task: 0.5, connector: 2)),
        ]) with { SweptAxes = ["beta", "seed"] };

        // beta x 2 / 0.5: 0.04 at beta 0.01, 4e-05 at 1e-05.
        Assert.Equal("Knob effect: Source does not move: 0.50 between `lorasculpt beta=0.01` and `lorasculpt beta=1E-05` ≤ larger std 1.41; " +
            "Target does not move: 0.00 between `lorasculpt beta=0.01` and `lorasculpt beta=0.01` ≤ larger std 1.41. " +
            "Neither score moves beyond the seeds' spread; over the grid the diagnostics range: β·L_con / L_task 4E-05 to 0.04.",
            SectionTable.EffectLine(Reporting.ReplicateGroups.Of(results)));
    }

    [Theory]
    [InlineData(12.4, "12 s")]
    [InlineData(187.5, "3 min 08 s")]
    [InlineData(3725, "1 h 02 min 05 s")]
    public void Durations_read_as_hours_minutes_and_seconds(double seconds, string expected) =>
        Assert.Equal(expected, ReportMarkdown.Duration(TimeSpan.FromSeconds(seconds)));
}
