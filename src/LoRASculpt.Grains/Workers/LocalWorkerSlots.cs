using System.Collections.Frozen;
using System.Collections.Immutable;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace LoRASculpt.Grains.Workers;

/// <summary>
/// This silo's worker slots (one per GPU, or the configured CPU slots), created when the silo becomes active
/// and stopped when it shuts down. Their keys name this silo, so their grains can only activate here.
/// </summary>
internal sealed partial class LocalWorkerSlots(
    IGrainFactory grainFactory,
    ILocalSiloDetails silo,
    JobExecutorRegistry registry,
    IOptions<WorkerSlotOptions> slotOptions,
    IOptions<OrchestrationOptions> orchestration,
    ILoggerFactory loggers) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ILogger _logger = loggers.CreateLogger<LocalWorkerSlots>();
    private FrozenDictionary<string, WorkerSlot> _slots = FrozenDictionary<string, WorkerSlot>.Empty;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LocalWorkerSlots), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>The slot behind a worker key, or null when the key names no slot of this silo.</summary>
    public WorkerSlot? Find(string workerId) => _slots.GetValueOrDefault(workerId);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var devices = slotOptions.Value.Devices();
        var kinds = registry.Kinds.Order(StringComparer.Ordinal).ToImmutableArray();
        if (devices.Count > 0 && kinds.IsEmpty)
            throw new InvalidOperationException("Worker slots are configured but no IJobExecutorFactory is registered: register one (e.g. AddSyntheticJobExecutor) or set CpuSlots to 0.");
        foreach (var device in devices.Distinct(StringComparer.Ordinal))
            registry.CheckDevice(device);
        var slotLogger = loggers.CreateLogger<WorkerSlot>();
        _slots = devices.Select((device, slot) =>
        {
            var key = WorkerKeys.For(silo.SiloAddress, slot);
            var info = new WorkerInfo(key, silo.SiloAddress.ToParsableString(), slot, device, kinds);
            return new WorkerSlot(info, grainFactory, orchestration.Value, kind => registry.Create(kind, info), slotLogger);
        }).ToFrozenDictionary(s => s.Info.WorkerId, StringComparer.Ordinal);
        await Task.WhenAll(_slots.Values.Select(s => s.RegisterAsync()));
        LogStarted(devices.Count, silo.SiloAddress.ToString(), string.Join(",", kinds));
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_slots.Values.Select(s => s.DisposeAsync().AsTask()));
        _slots = FrozenDictionary<string, WorkerSlot>.Empty;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Count} worker slots on silo {Silo} (trial kinds {Kinds})")]
    private partial void LogStarted(int count, string silo, string kinds);
}
