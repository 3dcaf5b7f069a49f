using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Workers;

namespace LoRASculpt.Grains.Tests.Units;

/// <summary>A worker slot's job admission without threads or grains: the exact answer to each offer.</summary>
public sealed class SlotJobsTests
{
    private static readonly TrialConfig Config = new("tiny-llava", "icon-mc", [], "lora", ImmutableSortedDictionary<string, string>.Empty, "synthetic");

    private static JobAssignment Job(string trial) =>
        new(QueuedJob.ForTrial("s1", new TrainingJob(JobIds.Training(trial, 1), trial, 1, Config)), "w1", DateTime.UnixEpoch);

    [Fact]
    public void An_idle_slot_starts_its_loop_and_a_running_one_refuses()
    {
        var jobs = new SlotJobs();

        Assert.Equal(SlotJobs.Offer.StartsLoop, jobs.Take(Job("t1")));
        Assert.False(jobs.Start(Job("t1")));
        Assert.Equal(SlotJobs.Offer.Refused, jobs.Take(Job("t2")));
        Assert.Equal("t1/a1/train", jobs.Running!.Job.JobId);
    }

    [Fact]
    public void A_push_that_overtakes_the_idle_reply_becomes_the_loops_next_job()
    {
        var jobs = new SlotJobs();
        jobs.Take(Job("t1"));
        jobs.Start(Job("t1"));
        jobs.Stop();

        Assert.Equal(SlotJobs.Offer.Next, jobs.Take(Job("t2")));
        Assert.Equal(SlotJobs.Offer.Refused, jobs.Take(Job("t3")));
        Assert.Equal("t2/a1/train", jobs.Next(reply: null)!.Job.JobId);
        Assert.True(jobs.LoopActive);
    }

    [Fact]
    public void A_reply_with_work_goes_first_and_the_pushed_job_waits()
    {
        var jobs = new SlotJobs();
        jobs.Take(Job("t1"));
        jobs.Take(Job("t2"));

        Assert.Equal("t3/a1/train", jobs.Next(Job("t3"))!.Job.JobId);
        Assert.Equal("t2/a1/train", jobs.Next(null)!.Job.JobId);
        Assert.Null(jobs.Next(null));
        Assert.False(jobs.LoopActive);
        Assert.Equal(SlotJobs.Offer.StartsLoop, jobs.Take(Job("t4")));
    }

    [Fact]
    public void A_cancel_before_its_job_starts_cancels_it_at_the_start()
    {
        var jobs = new SlotJobs();

        Assert.False(jobs.Cancel("t1/a1/train"));
        jobs.Take(Job("t1"));
        Assert.True(jobs.Start(Job("t1")));
        Assert.True(jobs.Cancel("t1/a1/train"));
        Assert.False(jobs.Start(Job("t2")));
    }

    [Fact]
    public void A_failed_loop_frees_the_slot()
    {
        var jobs = new SlotJobs();
        jobs.Take(Job("t1"));
        jobs.Take(Job("t2"));

        jobs.LoopFailed();

        Assert.Equal(SlotJobs.Offer.StartsLoop, jobs.Take(Job("t3")));
        Assert.Null(jobs.Next(null));
    }
}
