using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Trials;
using LoRASculpt.Grains.Workers;

namespace LoRASculpt.Grains.Tests.Units;

public sealed class ForgettingCurveMergeTests
{
    private static CurvePoint At(int step) => new(step, 100 - step / 10.0, step / 10.0);

    [Fact]
    public void Points_are_added_in_step_order_and_known_steps_are_skipped()
    {
        var stored = new List<CurvePoint> { At(10) };
        Assert.True(ForgettingCurve.Merge(stored, [At(30), At(10), At(20)]));
        Assert.False(ForgettingCurve.Merge(stored, [At(20), At(30)]));
        Assert.Equal([10, 20, 30], stored.Select(p => p.Step));
    }

    [Fact]
    public void Past_the_cap_every_second_point_is_dropped_keeping_the_first_and_the_newest()
    {
        var stored = new List<CurvePoint>();
        ForgettingCurve.Merge(stored, Enumerable.Range(1, ForgettingCurve.MaxPoints).Select(At));
        Assert.Equal(ForgettingCurve.MaxPoints, stored.Count);

        ForgettingCurve.Merge(stored, [At(ForgettingCurve.MaxPoints + 1)]);

        // 201 points thin to steps 1, 3, ..., 201: 101 points spanning the whole run.
        Assert.Equal(Enumerable.Range(0, 101).Select(i => 1 + 2 * i), stored.Select(p => p.Step));
    }

    [Fact]
    public void The_throttled_report_carries_every_point_since_the_last_take()
    {
        var progress = new ThrottledProgress();
        progress.Report(new JobProgress(1, 10, 2.0, 5) { Curve = [At(1)] });
        progress.Report(new JobProgress(2, 10, 1.9, 5));
        progress.Report(new JobProgress(3, 10, 1.8, 5) { Curve = [At(3)] });
        progress.Report(new JobProgress(4, 10, 1.7, 5));

        var taken = progress.Take()!;
        Assert.Equal(4, taken.Step);
        Assert.Equal([1, 3], taken.Curve.Select(p => p.Step));

        progress.Report(new JobProgress(5, 10, 1.6, 5));
        Assert.Empty(progress.Take()!.Curve);
        Assert.Null(progress.Take());
    }
}
