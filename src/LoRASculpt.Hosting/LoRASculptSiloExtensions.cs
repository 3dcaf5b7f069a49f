using LoRASculpt.Contracts.Execution;
using LoRASculpt.Grains;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Grains.Reevaluation;

namespace LoRASculpt.Hosting;

/// <summary>The one composition of a LoRASculpt silo, shared by the embedded silo and the cluster silo.</summary>
public static class LoRASculptSiloExtensions
{
    /// <summary>
    /// Adds what every LoRASculpt silo runs: the orchestration grains (sweeps, trials, scheduler, eval shards), this
    /// silo's worker slots, the leaderboard, scheduled re-evaluation, and trace propagation across grain calls. The
    /// providers are the caller's and are all that differ between the two silos: grain storage named
    /// <see cref="OrchestrationStorage.Name"/>, a reminder service and an <see cref="IArtifactStore"/> (SQLite and files
    /// in the embedded silo, Azure Tables and Blob storage in a cluster), plus clustering. Executor factories are
    /// registered separately (<c>AddSyntheticJobExecutor</c>, <c>AddTorchJobExecutor</c>).
    /// </summary>
    public static ISiloBuilder AddLoRASculpt(this ISiloBuilder silo, Action<OrchestrationOptions>? orchestration = null, Action<WorkerSlotOptions>? slots = null) =>
        silo.AddSweepOrchestration(orchestration)
            .AddWorkerSlots(slots)
            .AddLeaderboard()
            .AddReevaluation()
            .AddLoRASculptTracing();
}
