using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Reporting;
using static LoRASculpt.Reporting.Tests.ResultsFixture;

namespace LoRASculpt.Reporting.Tests;

public sealed class ReplicateGroupsTests
{
    private static SweepResults Seeded(params SweepResultRow[] rows) =>
        new("s-abcdefabcdef", "seeded", SweepState.Completed, ["alpha", "seed"], [.. rows], null, null, null);

    [Fact]
    public void Seeds_of_a_grid_point_fold_into_one_group_in_plan_order()
    {
        var results = Seeded(
            Row("t1", "lorasculpt", [("alpha", "0.001"), ("seed", "0")], Result(60, 80)),
            Row("t2", "lora", [("seed", "0")], Result(50, 90)),
            Row("t3", "lorasculpt", [("alpha", "0.001"), ("seed", "1")], Result(62, 84)),
            Row("t4", "lora", [("seed", "1")], null, TrialStatus.Failed, "boom"));

        var groups = ReplicateGroups.Of(results);

        Assert.Equal(["lorasculpt alpha=0.001", "lora"], groups.Select(g => g.Key));
        Assert.Equal(["t1", "t3"], groups[0].Rows.Select(r => r.TrialId));
        // Source 60 and 62: mean 61, std sqrt(2); Target 80 and 84: mean 82, std sqrt(8).
        Assert.Equal(new ReplicateStatistics(61, Math.Sqrt(2), 2), groups[0].Source);
        Assert.Equal(new ReplicateStatistics(82, Math.Sqrt(8), 2), groups[0].Target);
        Assert.Equal(new ReplicateStatistics(71.5, Math.Sqrt(4.5), 2), groups[0].Avg);
        Assert.Equal(new ReplicateStatistics(82, Math.Sqrt(8), 2), groups[0].Tasks["icon-mc"]);
        // The failed seed does not count: one completed seed, no spread.
        Assert.Equal(new ReplicateStatistics(50, 0, 1), groups[1].Source);
    }

    [Fact]
    public void A_group_with_no_completed_seed_has_no_scores_and_is_never_best()
    {
        var results = Seeded(
            Row("t1", "lora", [("seed", "0")], null, TrialStatus.Queued),
            Row("t2", "lorasculpt", [("seed", "0")], Result(40, 40)));
        var groups = ReplicateGroups.Of(results);
        Assert.Null(groups[0].Avg);
        Assert.Empty(groups[0].Tasks);
        Assert.Same(groups[1], ReplicateGroups.Best(groups, ResultMetric.Avg));
    }

    [Fact]
    public void Best_needs_a_lead_larger_than_the_spread()
    {
        var results = Seeded(
            Row("a0", "lora", [("seed", "0")], Result(50, 50)),
            Row("a1", "lora", [("seed", "1")], Result(52, 52)),
            Row("b0", "lorasculpt", [("seed", "0")], Result(51, 51)),
            Row("b1", "lorasculpt", [("seed", "1")], Result(53, 53)));
        // Means 51 and 52, both with std sqrt(2) > 1: within noise.
        Assert.Null(ReplicateGroups.Best(ReplicateGroups.Of(results), ResultMetric.Avg));

        var clear = Seeded(
            Row("a0", "lora", [("seed", "0")], Result(50, 50)),
            Row("a1", "lora", [("seed", "1")], Result(52, 52)),
            Row("b0", "lorasculpt", [("seed", "0")], Result(60, 60)),
            Row("b1", "lorasculpt", [("seed", "1")], Result(62, 62)));
        Assert.Equal("lorasculpt", ReplicateGroups.Best(ReplicateGroups.Of(clear), ResultMetric.Avg)!.Key);
    }

    [Fact]
    public void The_seed_is_a_replicate_axis_not_a_knob()
    {
        var results = Seeded(Row("t1", "lora", [("seed", "0")], Result(50, 50)));
        Assert.True(ReplicateGroups.HasReplicates(results));
        Assert.Equal(["alpha"], ReplicateGroups.KnobAxes(results).ToArray());
        Assert.False(ReplicateGroups.HasReplicates(Build()));
    }
}
