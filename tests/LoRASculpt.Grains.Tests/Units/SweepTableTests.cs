using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Sweeps;

namespace LoRASculpt.Grains.Tests.Units;

public sealed class SweepTableTests
{
    private static readonly TrialConfig Config = new("tiny-llava", "icon-mc", ["shape-vqa"], "lora", ImmutableSortedDictionary<string, string>.Empty, "synthetic");

    private static SweepTrial Trial(string id) => new(id, Config, ImmutableSortedDictionary<string, string>.Empty);

    private static TrialSnapshot Snapshot(string id, TrialStatus status, long version, double avg = 0) =>
        new(id, status, 1, null,
            status == TrialStatus.Completed ? new TrialResult([], avg, 100 - avg, 50 + avg / 10, new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, 0, ImmutableSortedDictionary<string, string>.Empty), TimeSpan.Zero, TimeSpan.Zero, "k", "v") : null,
            null, null, 0, 0, version, DateTime.UnixEpoch);

    [Fact]
    public void Older_snapshots_are_dropped_and_counts_follow_the_latest()
    {
        var table = new SweepTable([Trial("t1"), Trial("t2")]);
        Assert.True(table.Apply(Snapshot("t1", TrialStatus.Training, 5)));
        Assert.False(table.Apply(Snapshot("t1", TrialStatus.Queued, 4)));
        Assert.True(table.Apply(Snapshot("t1", TrialStatus.Completed, 6, avg: 10)));
        Assert.False(table.Apply(Snapshot("unknown", TrialStatus.Completed, 1)));

        var record = new SweepRecord { Spec = null, State = SweepState.Running };
        var status = table.Status("s", record);
        Assert.Equal((1, 0, 1), (status.Completed, status.Training, status.Queued));
        Assert.False(table.AllTerminal);
        table.Apply(Snapshot("t2", TrialStatus.Failed, 1));
        Assert.True(table.AllTerminal);
    }

    [Fact]
    public void Best_trials_by_metric_ignore_unfinished_rows_and_prefer_plan_order_on_ties()
    {
        var table = new SweepTable([Trial("t1"), Trial("t2"), Trial("t3"), Trial("t4")]);
        table.Apply(Snapshot("t1", TrialStatus.Completed, 1, avg: 30));
        table.Apply(Snapshot("t2", TrialStatus.Completed, 1, avg: 70));
        table.Apply(Snapshot("t3", TrialStatus.Completed, 1, avg: 70));
        table.Apply(Snapshot("t4", TrialStatus.Training, 1));

        var results = table.Results("s", new SweepRecord { State = SweepState.Running });

        // Source = avg, Target = 100 - avg, Avg = 50 + avg / 10 in these fakes.
        Assert.Equal("t2", results.BestBy(ResultMetric.Source));
        Assert.Equal("t1", results.BestBy(ResultMetric.Target));
        Assert.Equal("t2", results.BestBy(ResultMetric.Avg));
        Assert.Equal([TrialStatus.Completed, TrialStatus.Completed, TrialStatus.Completed, TrialStatus.Training], results.Rows.Select(r => r.Status).ToArray());
    }

    [Fact]
    public void Stopped_early_trials_are_finished_counted_apart_from_failures_and_never_best()
    {
        var table = new SweepTable([Trial("t1"), Trial("t2")]);
        table.Apply(Snapshot("t1", TrialStatus.Completed, 1, avg: 10));
        var stopped = Snapshot("t2", TrialStatus.StoppedEarly, 1) with
        {
            Result = new TrialResult([], 90, 90, 90, new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, 0, ImmutableSortedDictionary<string, string>.Empty), TimeSpan.Zero, TimeSpan.Zero, "", ""),
            StopReason = "at step 50",
        };
        table.Apply(stopped);

        Assert.True(table.AllTerminal);
        var status = table.Status("s", new SweepRecord { State = SweepState.Running });
        Assert.Equal((1, 0, 1, 2), (status.Completed, status.Failed, status.StoppedEarly, status.Finished));
        var results = table.Results("s", new SweepRecord { State = SweepState.Running });
        Assert.Equal(("t1", "t1", "t1"), (results.BestByAvg, results.BestBySource, results.BestByTarget));
        Assert.Equal("at step 50", results.Rows[1].StopReason);
        Assert.Equal(TrialStatus.StoppedEarly, results.Rows[1].Status);
    }
}
