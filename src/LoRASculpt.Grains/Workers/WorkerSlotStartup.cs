using System.Collections.Immutable;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace LoRASculpt.Grains.Workers;

/// <summary>
/// When the silo becomes active, activates one worker grain per configured slot on this silo (their keys
/// name this silo, so placement puts them here) and lets them register with the scheduler.
/// </summary>
internal sealed partial class WorkerSlotStartup(
    IGrainFactory grainFactory,
    ILocalSiloDetails silo,
    JobExecutorCatalog catalog,
    IOptions<WorkerSlotOptions> options,
    ILogger<WorkerSlotStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkerSlotStartup), ServiceLifecycleStage.Active, StartWorkersAsync);

    private async Task StartWorkersAsync(CancellationToken cancellationToken)
    {
        var devices = options.Value.Devices();
        var kinds = catalog.TrialKinds.Order(StringComparer.Ordinal).ToImmutableArray();
        if (devices.Count > 0 && kinds.IsEmpty)
            throw new InvalidOperationException("Worker slots are configured but no IJobExecutorFactory is registered: register one (e.g. AddSyntheticJobExecutor) or set CpuSlots to 0.");
        var starts = devices.Select((device, slot) =>
        {
            var key = WorkerKeys.For(silo.SiloAddress, slot);
            var info = new WorkerInfo(key, silo.SiloAddress.ToParsableString(), slot, device, kinds);
            return grainFactory.GetGrain<IGpuWorkerGrain>(key).Start(info);
        });
        await Task.WhenAll(starts);
        LogStarted(devices.Count, silo.SiloAddress.ToString(), string.Join(",", kinds));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Count} worker slots on silo {Silo} (trial kinds {Kinds})")]
    private partial void LogStarted(int count, string silo, string kinds);
}
