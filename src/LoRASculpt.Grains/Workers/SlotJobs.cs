using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Grains.Workers;

/// <summary>
/// Which job a worker slot runs, and what becomes of a job offered while it is busy: the slot's run loop takes one job at
/// a time; a push that overtakes the scheduler's "idle" reply (the loop has not seen it yet) is kept as the loop's next
/// job; anything else is refused (the scheduler keeps it queued). A cancel can arrive before its job starts, so recent
/// cancels are remembered. Plain and not thread-safe: <see cref="WorkerSlot"/> calls it under its lock.
/// </summary>
public sealed class SlotJobs
{
    private const int RememberedCancels = 256;

    private readonly Queue<string> _earlyCancels = new();
    private JobAssignment? _pushed;

    public enum Offer
    {
        /// <summary>Busy: the scheduler keeps the job queued.</summary>
        Refused,
        /// <summary>The slot was idle: the caller starts the run loop with this job.</summary>
        StartsLoop,
        /// <summary>The loop is finishing a job: this one is its next.</summary>
        Next,
    }

    /// <summary>True from the offer that started the run loop until the loop finds no next job.</summary>
    public bool LoopActive { get; private set; }

    public JobAssignment? Running { get; private set; }

    public Offer Take(JobAssignment assignment)
    {
        if (!LoopActive)
        {
            LoopActive = true;
            return Offer.StartsLoop;
        }
        if (Running is not null || _pushed is not null)
            return Offer.Refused;
        _pushed = assignment;
        return Offer.Next;
    }

    /// <summary>The loop starts <paramref name="assignment"/>; true when it was cancelled before it started.</summary>
    public bool Start(JobAssignment assignment)
    {
        Running = assignment;
        return _earlyCancels.Contains(assignment.Job.JobId);
    }

    public void Stop() => Running = null;

    /// <summary>
    /// The loop's next job after the scheduler's reply to <c>JobFinished</c>: the reply, else a pushed job; a pushed job
    /// waits while replies bring work. Null ends the loop.
    /// </summary>
    public JobAssignment? Next(JobAssignment? reply)
    {
        var next = reply ?? _pushed;
        if (reply is null)
            _pushed = null;
        if (next is null)
            LoopActive = false;
        return next;
    }

    /// <summary>True when <paramref name="jobId"/> is running (the caller cancels it); otherwise remembered for when it starts.</summary>
    public bool Cancel(string jobId)
    {
        if (Running?.Job.JobId == jobId)
            return true;
        _earlyCancels.Enqueue(jobId);
        if (_earlyCancels.Count > RememberedCancels)
            _earlyCancels.Dequeue();
        return false;
    }

    /// <summary>The loop died unexpectedly: the slot takes offers again.</summary>
    public void LoopFailed()
    {
        LoopActive = false;
        _pushed = null;
    }
}
