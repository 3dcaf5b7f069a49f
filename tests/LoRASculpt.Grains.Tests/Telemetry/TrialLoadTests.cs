using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Reevaluation;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Telemetry;

namespace LoRASculpt.Grains.Tests.Telemetry;

/// <summary>Which trials <see cref="TrialLoad"/> counts as queued or running as the scheduler moves their jobs.</summary>
public sealed class TrialLoadTests
{
    private static readonly TrialConfig Config = new("tiny-llava", "icon-mc", ["shape-vqa"], "lora", ImmutableSortedDictionary<string, string>.Empty, "synthetic");

    private static QueuedJob Train(string trial) => QueuedJob.ForTrial("s", new TrainingJob(JobIds.Training(trial, 1), trial, 1, Config));

    private static QueuedJob Eval(string trial, int shard) =>
        QueuedJob.ForTrial("s", new EvalShardJob(JobIds.EvalShard(trial, 1, "icon-mc", shard, 2), trial, 1, Config, "adapters/x", "icon-mc", shard, 2));

    private static (long Queued, long Running) Counts(TrialLoad load) => (load.QueuedTrials, load.RunningTrials);

    [Fact]
    public void A_trial_is_running_while_any_job_is_assigned_and_queued_while_it_only_has_jobs_waiting()
    {
        var load = new TrialLoad();
        load.JobQueued(Train("a"));
        load.JobQueued(Train("b"));
        load.JobQueued(Train("c"));
        Assert.Equal((3, 0), Counts(load));

        load.JobAssigned(Train("a"));
        Assert.Equal((2, 1), Counts(load));

        // a's training is done; its two shards wait, then one runs while the other waits.
        load.JobUnassigned(Train("a").JobId);
        Assert.Equal((2, 0), Counts(load));
        load.JobQueued(Eval("a", 0));
        load.JobQueued(Eval("a", 1));
        Assert.Equal((3, 0), Counts(load));
        load.JobAssigned(Eval("a", 0));
        Assert.Equal((2, 1), Counts(load));

        // b is cancelled: its queued job is dropped. Unknown ids change nothing.
        load.TrialDequeued("b");
        load.JobUnassigned("no-such-job");
        load.JobDequeued("no-such-job");
        Assert.Equal((1, 1), Counts(load));

        load.JobUnassigned(Eval("a", 0).JobId);
        load.JobAssigned(Eval("a", 1));
        load.JobUnassigned(Eval("a", 1).JobId);
        load.JobDequeued(Train("c").JobId);
        Assert.Equal((0, 0), Counts(load));
    }

    [Fact]
    public void Re_evaluation_jobs_are_not_trials()
    {
        var load = new TrialLoad();
        var job = QueuedJob.ForReevaluation(new ReevaluationRunOwner("re-x", "re-x/manual-1", "e1", "v2"),
            new EvalShardJob(ReevaluationIds.EvalShardJob("e1", "v2", "icon-mc", 0, 1), "e1", 0, Config, "adapters/e1", "icon-mc", 0, 1));

        load.JobQueued(job);
        load.JobAssigned(job);

        Assert.Equal((0, 0), Counts(load));
    }
}
