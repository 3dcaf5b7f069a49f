using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Scheduling;

namespace LoRASculpt.Grains.Tests.Units;

public sealed class FairJobQueueTests
{
    private static readonly TrialConfig Config = new("tiny-llava", "icon-mc", ["shape-vqa"], "lora", ImmutableSortedDictionary<string, string>.Empty, "synthetic");

    private static QueuedJob Train(string sweep, string trial) =>
        QueuedJob.ForTrial(sweep, new TrainingJob(JobIds.Training(trial, 1), trial, 1, Config));

    private static QueuedJob Eval(string sweep, string trial, int shard = 0) =>
        QueuedJob.ForTrial(sweep, new EvalShardJob(JobIds.EvalShard(trial, 1, "icon-mc", shard, 2), trial, 1, Config, "adapters/x", "icon-mc", shard, 2));

    private static List<string> Drain(FairJobQueue queue, Func<QueuedJob, bool>? canRun = null)
    {
        var order = new List<string>();
        while (queue.Dequeue(canRun ?? (_ => true)) is { } job)
            order.Add(job.JobId);
        return order;
    }

    [Fact]
    public void Sweeps_take_turns_and_a_new_sweep_is_served_next()
    {
        var queue = new FairJobQueue();
        foreach (var t in new[] { "a1", "a2", "a3" })
            queue.Enqueue(Train("A", t));
        Assert.Equal("a1/a1/train", queue.Dequeue(_ => true)!.JobId);
        foreach (var t in new[] { "b1", "b2" })
            queue.Enqueue(Train("B", t));

        Assert.Equal(["b1/a1/train", "a2/a1/train", "b2/a1/train", "a3/a1/train"], Drain(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Eval_shards_go_before_training_of_any_sweep()
    {
        var queue = new FairJobQueue();
        queue.Enqueue(Train("A", "a1"));
        queue.Enqueue(Train("B", "b1"));
        queue.Enqueue(Eval("A", "a0", 0));
        queue.Enqueue(Eval("A", "a0", 1));

        Assert.Equal(
            ["a0/a1/eval/icon-mc/0-of-2", "a0/a1/eval/icon-mc/1-of-2", "b1/a1/train", "a1/a1/train"],
            Drain(queue));
    }

    [Fact]
    public void Duplicate_ids_are_ignored_and_a_trial_can_be_removed()
    {
        var queue = new FairJobQueue();
        Assert.True(queue.Enqueue(Train("A", "a1")));
        Assert.False(queue.Enqueue(Train("B", "a1")));
        queue.Enqueue(Eval("A", "a2"));
        queue.Enqueue(Train("A", "a2"));
        queue.Enqueue(Train("B", "b1"));

        Assert.Equal(2, queue.RemoveTrial("a2"));
        Assert.True(queue.Remove("b1/a1/train"));
        Assert.False(queue.Contains("b1/a1/train"));
        Assert.Equal(["a1/a1/train"], Drain(queue));
    }

    [Fact]
    public void Jobs_a_worker_cannot_run_stay_queued()
    {
        var queue = new FairJobQueue();
        queue.Enqueue(Train("A", "a1"));
        queue.Enqueue(QueuedJob.ForTrial("T", new TrainingJob("t1/a1/train", "t1", 1, Config with { ExecutorKind = "torch" })));

        Assert.Equal(["t1/a1/train"], Drain(queue, j => j.ExecutorKind == "torch"));
        Assert.Equal(1, queue.Count);
        Assert.Equal("a1/a1/train", queue.Dequeue(_ => true)!.JobId);
    }

    [Fact]
    public void Cancelling_a_trial_leaves_re_evaluations_of_its_entry_queued_in_their_schedule_lane()
    {
        var queue = new FairJobQueue();
        var reeval = QueuedJob.ForReevaluation(new ReevaluationRunOwner("re-1", "re-1/manual-1", "a1", "v2"),
            new EvalShardJob("a1/reeval-v2/eval/icon-mc/0-of-1", "a1", 0, Config, "adapters/a1", "icon-mc", 0, 1));
        queue.Enqueue(Train("A", "a1"));
        queue.Enqueue(reeval);

        Assert.Equal(1, queue.RemoveTrial("a1"));
        Assert.Equal("reeval:re-1", reeval.FairShareKey);
        Assert.Equal(["a1/reeval-v2/eval/icon-mc/0-of-1"], Drain(queue));
    }
}
