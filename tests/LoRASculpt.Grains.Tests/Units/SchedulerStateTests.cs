using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Scheduling;
using LoRASculpt.Grains.Telemetry;

namespace LoRASculpt.Grains.Tests.Units;

/// <summary>The scheduler's queue, roster, leases and cancels without a cluster: exact transitions.</summary>
public sealed class SchedulerStateTests
{
    private static readonly TrialConfig Config = new("tiny-llava", "icon-mc", ["text-ocr"], "lora", ImmutableSortedDictionary<string, string>.Empty, "synthetic");
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly DateTime T0 = new(2026, 11, 30, 20, 0, 0, DateTimeKind.Utc);

    private static WorkerInfo Worker(string id, string kind = "synthetic") => new(id, "silo", 0, "cpu", [kind]);

    private static QueuedJob Train(string trial, string sweep = "s1") =>
        QueuedJob.ForTrial(sweep, new TrainingJob(JobIds.Training(trial, 1), trial, 1, Config));

    private static (SchedulerState State, TrialLoad Load) Empty()
    {
        var load = new TrialLoad();
        return (new SchedulerState(Lease, load), load);
    }

    [Fact]
    public void An_idle_worker_is_handed_queued_work_under_a_lease()
    {
        var (state, load) = Empty();
        var (lost, next) = state.Register(Worker("w1"), T0);
        Assert.Null(lost);
        Assert.Null(next);
        Assert.Equal(new SchedulerStats(0, 0, 1, 1, 0, 0), state.Stats());

        Assert.Equal(1, state.Enqueue([Train("t1"), Train("t1")]));
        var dispatched = Assert.Single(state.TakeDispatches(T0.AddSeconds(1)));

        Assert.Equal(("t1/a1/train", "w1", T0.AddSeconds(1) + Lease), (dispatched.Job.JobId, dispatched.WorkerId, dispatched.LeaseExpiresUtc));
        Assert.Equal(new SchedulerStats(0, 1, 1, 0, 1, 0), state.Stats());
        Assert.Equal((0L, 1L), (load.QueuedTrials, load.RunningTrials));
        Assert.Equal(0, state.Enqueue([Train("t1")]));
    }

    [Fact]
    public void A_finished_worker_gets_the_next_job_or_goes_idle()
    {
        var (state, _) = Empty();
        state.Enqueue([Train("t1"), Train("t2")]);
        var first = state.Register(Worker("w1"), T0).Next!;

        var second = state.Finished(Worker("w1"), first.Job.JobId, T0.AddSeconds(5));
        Assert.Equal(("t1/a1/train", "t2/a1/train"), (first.Job.JobId, second!.Job.JobId));
        Assert.Null(state.Finished(Worker("w1"), second.Job.JobId, T0.AddSeconds(9)));
        Assert.Equal(new SchedulerStats(0, 0, 1, 1, 2, 0), state.Stats());
    }

    [Fact]
    public void A_heartbeat_renews_the_lease_and_an_unrenewed_lease_reports_the_job_lost()
    {
        var (state, _) = Empty();
        state.Enqueue([Train("t1")]);
        var assignment = state.Register(Worker("w1"), T0).Next!;

        Assert.True(state.Heartbeat(Worker("w1"), assignment.Job, T0.AddSeconds(20), out var idle));
        Assert.False(idle);
        Assert.Empty(state.ExpireLeases(T0 + Lease + TimeSpan.FromSeconds(1)));

        var lost = Assert.Single(state.ExpireLeases(T0.AddSeconds(20) + Lease + TimeSpan.FromSeconds(1)));
        Assert.Equal(("t1/a1/train", T0.AddSeconds(20) + Lease), (lost.Job.JobId, lost.LeaseExpiresUtc));
        Assert.Equal(new SchedulerStats(0, 0, 0, 0, 1, 1), state.Stats());
    }

    [Fact]
    public void A_heartbeat_for_a_job_assigned_to_another_worker_says_stop()
    {
        var (state, _) = Empty();
        state.Enqueue([Train("t1")]);
        var assignment = state.Register(Worker("w1"), T0).Next!;
        state.Register(Worker("w2"), T0);

        Assert.False(state.Heartbeat(Worker("w2"), assignment.Job, T0.AddSeconds(1), out _));
    }

    [Fact]
    public void After_a_restart_a_running_job_is_adopted_and_not_run_twice()
    {
        var (state, _) = Empty();
        state.Enqueue([Train("t1")]);

        Assert.True(state.Heartbeat(Worker("w1"), Train("t1"), T0, out _));
        Assert.Equal(new SchedulerStats(0, 1, 1, 0, 1, 0), state.Stats());
        Assert.Empty(state.TakeDispatches(T0));
    }

    [Fact]
    public void An_idle_heartbeat_of_an_unknown_worker_asks_for_a_dispatch_once()
    {
        var (state, _) = Empty();

        Assert.True(state.Heartbeat(Worker("w1"), null, T0, out var first));
        Assert.True(state.Heartbeat(Worker("w1"), null, T0, out var second));
        Assert.Equal((true, false), (first, second));
    }

    [Fact]
    public void Cancelling_a_trial_drops_its_queued_jobs_and_stops_its_running_one_once()
    {
        var (state, _) = Empty();
        state.Enqueue([Train("t1"), Train("t2")]);
        var running = state.Register(Worker("w1"), T0).Next!;
        state.Enqueue([QueuedJob.ForTrial("s1", new EvalShardJob(JobIds.EvalShard("t1", 1, "icon-mc", 0, 1), "t1", 1, Config, "a", "icon-mc", 0, 1))]);

        var (removed, toStop) = state.CancelTrial("t1");
        Assert.Equal((1, running), (removed, Assert.Single(toStop)));
        Assert.Empty(state.CancelTrial("t1").ToStop);
        Assert.False(state.Heartbeat(Worker("w1"), running.Job, T0.AddSeconds(1), out _));

        // A cancelled job whose lease expires is not reported lost.
        Assert.Empty(state.ExpireLeases(T0 + 2 * Lease));
        Assert.Equal(new SchedulerStats(1, 0, 0, 0, 1, 1), state.Stats());
    }

    [Fact]
    public void A_refused_push_puts_the_job_back_first_and_an_unreachable_worker_leaves_the_roster()
    {
        var (state, _) = Empty();
        state.Register(Worker("w1"), T0);
        state.Register(Worker("w2"), T0);
        state.Enqueue([Train("t1"), Train("t2")]);
        var pushed = state.TakeDispatches(T0);
        Assert.Equal(2, pushed.Count);

        state.PushRejected(pushed[0], unreachable: false);
        state.PushRejected(pushed[1], unreachable: true);

        Assert.Equal(new SchedulerStats(2, 0, 1, 0, 0, 0), state.Stats());
        var next = state.Finished(Worker("w1"), "none", T0.AddSeconds(1));
        Assert.Equal(pushed[1].Job.JobId, next!.Job.JobId);
    }

    [Fact]
    public void A_restarted_worker_loses_what_it_ran()
    {
        var (state, _) = Empty();
        state.Enqueue([Train("t1")]);
        var running = state.Register(Worker("w1"), T0).Next!;

        var (lost, next) = state.Register(Worker("w1"), T0.AddSeconds(3));

        Assert.Equal(running, lost);
        Assert.Null(next);
        Assert.Equal(new SchedulerStats(0, 0, 1, 1, 1, 0), state.Stats());
    }

    [Fact]
    public void Idle_workers_silent_for_three_leases_leave_the_roster()
    {
        var (state, _) = Empty();
        state.Register(Worker("w1"), T0);

        Assert.Empty(state.ExpireLeases(T0 + 3 * Lease));
        Assert.Equal(1, state.Stats().Workers);
        state.ExpireLeases(T0 + 3 * Lease + TimeSpan.FromTicks(1));
        Assert.Equal(0, state.Stats().Workers);
    }
}
