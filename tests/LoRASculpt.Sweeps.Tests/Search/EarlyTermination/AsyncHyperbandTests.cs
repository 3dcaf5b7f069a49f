using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Sweeps.Search.EarlyTermination;
using Settings = LoRASculpt.Contracts.Sweeps.HyperbandSettings;

namespace LoRASculpt.Sweeps.Tests.Search.EarlyTermination;

public sealed class AsyncHyperbandTests
{
    private static readonly SweepMetric Avg = new(["avg"], Minimize: false);

    /// <summary>A curve whose point k (at step 10 k) has Source <paramref name="sources"/>[k] and Target 0, so avg is half the source.</summary>
    private static CurvePoint[] Curve(params double[] sources) => [.. sources.Select((s, i) => new CurvePoint(10 * (i + 1), s, 0))];

    [Fact]
    public void Trials_are_compared_at_each_rung_with_those_recorded_there_before_them()
    {
        // Rungs at curve points 1 and 3 (min_iter 1, eta 3, max_iter 9).
        var asha = new AsyncHyperband(new Settings(1, 3, 9, 0), Avg);
        var records = new Dictionary<int, List<RungRecord>>();

        // The first trial has no company: it continues at both rungs.
        Assert.Equal((true, null), asha.Observe("a", Curve(40, 42, 44), stoppable: true, records));
        // b: 30/2 = 15 at rung 1 against a's 20: cutoff 20, stopped there.
        var (recorded, stop) = asha.Observe("b", Curve(30), stoppable: true, records);
        Assert.True(recorded);
        Assert.Equal(new StopDecision(1, 10, "avg", 15, 20, 1), stop);
        Assert.Equal("at step 10 (curve point 1): avg 15.00, worse than the cutoff 20.00 of 1 earlier trial", stop!.Reason);
        // c: 25 against the 2/3 quantile of [15, 20] (position 2/3: 18.33): continues.
        Assert.Equal((true, null), asha.Observe("c", Curve(50), stoppable: true, records));
        // d: 22 against [15, 20, 25] (position 4/3: 21.67): continues.
        Assert.Equal((true, null), asha.Observe("d", Curve(44), stoppable: true, records));
        // e: 21 against [15, 20, 22, 25] (position 2: exactly 22): stopped.
        Assert.Equal(new StopDecision(1, 10, "avg", 21, 22, 4), asha.Observe("e", Curve(42), stoppable: true, records).Stop);

        Assert.Equal(["a", "b", "c", "d", "e"], records[1].Select(r => r.TrialId));
        Assert.Equal(["a"], records[3].Select(r => r.TrialId));
    }

    [Fact]
    public void A_trial_is_recorded_once_per_rung_and_only_when_its_curve_reaches_the_rung()
    {
        var asha = new AsyncHyperband(new Settings(2, 2, 200, 0), Avg);
        var records = new Dictionary<int, List<RungRecord>>();
        Assert.Equal((false, null), asha.Observe("a", Curve(40), stoppable: true, records));
        Assert.Equal((true, null), asha.Observe("a", Curve(40, 50), stoppable: true, records));
        Assert.Equal((false, null), asha.Observe("a", Curve(40, 50, 60), stoppable: true, records));
        Assert.Equal([new RungRecord("a", 25)], records[2]);
        Assert.False(records.ContainsKey(4));
    }

    [Fact]
    public void A_trial_no_longer_training_is_recorded_as_company_but_never_stopped()
    {
        var asha = new AsyncHyperband(new Settings(1, 3, 200, 0), Avg);
        var records = new Dictionary<int, List<RungRecord>>();
        asha.Observe("a", Curve(80), stoppable: true, records);
        Assert.Equal((true, null), asha.Observe("b", Curve(20), stoppable: false, records));
        Assert.Equal([new RungRecord("a", 40), new RungRecord("b", 10)], records[1]);
    }

    [Fact]
    public void A_trial_stops_at_the_first_rung_it_fails_and_later_rungs_do_not_record_it()
    {
        var asha = new AsyncHyperband(new Settings(1, 2, 200, 0), Avg);
        var records = new Dictionary<int, List<RungRecord>>();
        asha.Observe("a", Curve(80, 80), stoppable: true, records);
        // Seen only once its curve passed both rungs (e.g. re-derived after a restart): decided at rung 1.
        var stop = asha.Observe("b", Curve(20, 90), stoppable: true, records).Stop;
        Assert.Equal(1, stop!.Iteration);
        Assert.Equal(["a"], records[2].Select(r => r.TrialId));
    }

    [Fact]
    public void A_minimised_metric_stops_the_larger_values_and_reports_them_unsigned()
    {
        var asha = new AsyncHyperband(new Settings(1, 3, 200, 0), new SweepMetric(["target"], Minimize: true));
        var records = new Dictionary<int, List<RungRecord>>();
        asha.Observe("a", [new CurvePoint(5, 0, 30)], stoppable: true, records);
        Assert.Null(asha.Observe("b", [new CurvePoint(5, 0, 20)], stoppable: true, records).Stop);
        // [-30, -20]: cutoff at position 2/3 = -30 + 2/3 x 10 = -23.33; -25 is worse: stopped; shown as 25 against 23.33.
        var stop = asha.Observe("c", [new CurvePoint(5, 0, 25)], stoppable: true, records).Stop!;
        Assert.Equal(25, stop.Value);
        Assert.Equal(70.0 / 3, stop.Cutoff, 12);
    }

    [Fact]
    public void Source_and_target_rank_by_their_own_score()
    {
        var point = new CurvePoint(1, 60, 20);
        Assert.Equal(60, CurveMetric.Value(new SweepMetric(["source"], false), point));
        Assert.Equal(20, CurveMetric.Value(new SweepMetric(["target"], false), point));
        Assert.Equal(40, CurveMetric.Value(new SweepMetric(["avg"], false), point));
        Assert.Equal(-40, CurveMetric.Value(new SweepMetric(["avg"], true), point));
    }
}
