using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Contracts.Grains;

/// <summary>
/// One worker slot (a GPU, or a CPU slot), pinned to the silo encoded in its key
/// (<c>{siloAddress}/{slot}</c>): it never activates anywhere else. Runs one job at a time on a
/// dedicated thread and asks the scheduler for the next job when it finishes. The slot registers itself
/// with the scheduler when its silo starts; this grain is how the scheduler reaches it.
/// </summary>
public interface IWorkerSlotGrain : IGrainWithStringKey
{
    /// <summary>False when the worker is busy (the scheduler then keeps the job queued).</summary>
    Task<bool> Assign(JobAssignment assignment);

    /// <summary>Cancels the running job if it is <paramref name="jobId"/>; the worker is free within seconds.</summary>
    Task CancelJob(string jobId);

    Task<WorkerStatus> GetStatus();
}
