using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Placement;

namespace LoRASculpt.Grains.Workers;

/// <summary>
/// The addressable face of a worker slot (see <see cref="IWorkerSlotGrain"/>): the scheduler pushes and cancels
/// jobs through it. The work itself lives in the silo's <see cref="WorkerSlot"/>, so this activation holds no
/// state and losing it (a directory failure after another silo dies) loses nothing.
/// </summary>
[SiloPinnedPlacement]
[KeepAlive]
internal sealed class WorkerSlotGrain(LocalWorkerSlots slots, ILocalSiloDetails localSilo) : Grain, IWorkerSlotGrain
{
    private WorkerSlot Slot => slots.Find(this.GetPrimaryKeyString())
        ?? throw new InvalidOperationException($"Worker '{this.GetPrimaryKeyString()}' is not a slot of silo {localSilo.SiloAddress}.");

    public Task<bool> Assign(JobAssignment assignment) => Task.FromResult(Slot.TryAccept(assignment));

    public Task CancelJob(string jobId)
    {
        Slot.Cancel(jobId);
        return Task.CompletedTask;
    }

    public Task<WorkerStatus> GetStatus()
    {
        var slot = Slot;
        var (running, run, failed) = slot.Status();
        return Task.FromResult(new WorkerStatus(slot.Info, running, run, failed, localSilo.SiloAddress.ToParsableString()));
    }
}
