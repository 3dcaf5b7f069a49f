using LoRASculpt.Contracts.Execution;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Placement;
using LoRASculpt.Grains.Sweeps;
using LoRASculpt.Grains.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoRASculpt.Grains;

/// <summary>Silo registration of the orchestrator, one extension per concern.</summary>
public static class OrchestrationSiloBuilderExtensions
{
    /// <summary>
    /// The orchestration grains' services: options (validated at start), silo-pinned placement for workers,
    /// the executor registry, sweep recovery (a silo lifecycle participant). Grain storage named <see cref="OrchestrationStorage.Name"/> must be added separately.
    /// </summary>
    public static ISiloBuilder AddSweepOrchestration(this ISiloBuilder builder, Action<OrchestrationOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<OrchestrationOptions>();
        if (configure is not null)
            options.Configure(configure);
        options.ValidateDataAnnotations()
            .Validate(o => o.HeartbeatInterval * 2 <= o.LeaseDuration, "Orchestration: HeartbeatInterval must be at most half of LeaseDuration, or leases expire between renewals.")
            .ValidateOnStart();
        builder.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<JobExecutorRegistry>();
        builder.Services.AddSingleton<SweepRecovery>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SweepRecovery>());
        return builder;
    }

    /// <summary>Starts this silo's worker slots with the silo (one per GPU, or <see cref="WorkerSlotOptions.CpuSlots"/>).</summary>
    public static ISiloBuilder AddWorkerSlots(this ISiloBuilder builder, Action<WorkerSlotOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<WorkerSlotOptions>();
        if (configure is not null)
            options.Configure(configure);
        options.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LocalWorkerSlots>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LocalWorkerSlots>());
        return builder;
    }

    /// <summary>Trial kind "synthetic" (waits, no torch): benchmarks and tests.</summary>
    public static IServiceCollection AddSyntheticJobExecutor(this IServiceCollection services) =>
        services.AddJobExecutorFactory<SyntheticJobExecutorFactory>();
}
