using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Reporting.Report;
using static LoRASculpt.Reporting.Tests.Report.ReportFixture;
using static LoRASculpt.Reporting.Tests.ResultsFixture;

namespace LoRASculpt.Reporting.Tests.Report;

/// <summary>The computed parts of a report: does a knob move a score beyond the seeds' spread, which points are below chance, the diagnostics.</summary>
public sealed class ReportChecksTests
{
    [Fact]
    public void A_knob_moves_a_score_when_its_most_different_points_differ_by_more_than_their_larger_std()
    {
        var groups = ReplicateGroups.Of(AlphaSection());

        var source = KnobEffect.Largest(groups, ResultMetric.Source)!;
        var target = KnobEffect.Largest(groups, ResultMetric.Target)!;

        // Source: alpha 0 is 52 ± 2.83, alpha 10 is 61 ± 1.41: 9 > 2.83.
        Assert.Equal(("lorasculpt alpha=0", "lorasculpt alpha=10"), (source.Low.Key, source.High.Key));
        Assert.Equal(9, source.Difference, 12);
        Assert.Equal(Math.Sqrt(8), source.Spread, 12);
        Assert.True(source.Moves);
        // Target: 21 ± 1.41 against 21.5 ± 0.71: 0.5 is within the seeds' spread.
        Assert.Equal(0.5, target.Difference, 12);
        Assert.Equal(Math.Sqrt(2), target.Spread, 12);
        Assert.False(target.Moves);
    }

    [Fact]
    public void A_difference_equal_to_the_spread_does_not_move_and_one_point_has_no_effect()
    {
        var results = ResultsFixture.Reporting([
            Row("t1", "lora", [("lr", "0.001"), ("seed", "0")], Result(50, 40)),
            Row("t2", "lora", [("lr", "0.001"), ("seed", "1")], Result(52, 40)),
            Row("t3", "lora", [("lr", "0.002"), ("seed", "0")], Result(51, 40)),
            Row("t4", "lora", [("lr", "0.002"), ("seed", "1")], Result(53, 40)),
            Row("t5", "lora", [("lr", "0.004"), ("seed", "0")], null, TrialStatus.Failed, "nan loss"),
        ]);
        var groups = ReplicateGroups.Of(results with { SweptAxes = ["lr", "seed"] });

        var source = KnobEffect.Largest(groups, ResultMetric.Source)!;

        Assert.Equal(1, source.Difference, 12);
        Assert.Equal(Math.Sqrt(2), source.Spread, 12);
        Assert.False(source.Moves);
        Assert.Equal(0, KnobEffect.Largest(groups, ResultMetric.Target)!.Difference);
        Assert.Null(KnobEffect.Largest([groups[0]], ResultMetric.Source));
    }

    [Fact]
    public void Points_below_chance_are_flagged_with_their_share_of_option_letter_answers()
    {
        var groups = ReplicateGroups.Of(AlphaSection());

        var flags = ChanceCheck.BelowChance(groups, 21.25);

        var flag = Assert.Single(flags);
        Assert.Equal("lorasculpt alpha=0", flag.Point.Key);
        Assert.Equal(21, flag.TargetMean, 12);
        Assert.Equal(0.6, flag.OptionLetterShare!.Value, 12);
        Assert.Empty(ChanceCheck.BelowChance(groups, 21));
    }

    [Fact]
    public void A_point_without_the_note_has_no_share()
    {
        var groups = ReplicateGroups.Of(ResultsFixture.Reporting([Row("t1", "lora", [], Result(50, 10))]));

        Assert.Null(Assert.Single(ChanceCheck.BelowChance(groups, 25)).OptionLetterShare);
    }

    [Fact]
    public void Diagnostics_are_means_over_the_seeds_that_recorded_them()
    {
        var groups = ReplicateGroups.Of(AlphaSection());

        Assert.Equal(2, PointDiagnostics.MeanNote(groups[1], PointDiagnostics.CmrGradRatio)!.Value, 12);
        Assert.Equal(0.42, PointDiagnostics.MeanNote(groups[0], PointDiagnostics.MaskInitOverlap)!.Value, 12);
        Assert.Null(PointDiagnostics.MeanNote(groups[0], "no_such_note"));
        Assert.Null(PointDiagnostics.BetaShare(groups[0]));
    }

    [Fact]
    public void Betas_share_is_beta_times_the_connector_term_over_the_task_loss()
    {
        var results = ResultsFixture.Reporting([
            Row("t1", "lorasculpt", [("beta", "1E-05"), ("seed", "0")], WithLosses(Result(50, 40), task: 0.5, connector: 2000)),
            Row("t2", "lorasculpt", [("beta", "1E-05"), ("seed", "1")], WithLosses(Result(50, 40), task: 0.25, connector: 2000)),
        ]) with { SweptAxes = ["beta", "seed"] };

        // 1e-5 x 2000 / 0.5 = 0.04 and / 0.25 = 0.08: mean 0.06.
        Assert.Equal(0.06, PointDiagnostics.BetaShare(ReplicateGroups.Of(results)[0])!.Value, 12);
    }
}
