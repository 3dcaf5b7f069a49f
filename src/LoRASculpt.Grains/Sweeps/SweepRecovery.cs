using LoRASculpt.Contracts.Grains;
using LoRASculpt.Grains.Calls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Grains.Sweeps;

/// <summary>
/// Resumes and reconciles running sweeps for the job scheduler, whose queue is in memory: when the scheduler activates
/// on this silo (a cluster start, or its old silo died) every running sweep is resumed, so its queue is rebuilt; while it
/// lives here running sweeps are reconciled every <see cref="OrchestrationOptions.ReconcileInterval"/>, which repairs
/// any lost enqueue or report. One reconcile loop per cluster (the scheduler is a singleton), stopped with the silo.
/// Only where <see cref="OrchestrationOptions.ResumeSweepsOnStartup"/> (cluster silos); in the embedded CLI a resume is
/// the user's command.
/// </summary>
public sealed partial class SweepRecovery(IGrainFactory grains, IOptions<OrchestrationOptions> options, ILogger<SweepRecovery> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly object _gate = new();
    private CancellationTokenSource? _reconciling;
    private Task _loop = Task.CompletedTask;

    private ISweepRegistryGrain Registry => grains.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SweepRecovery), ServiceLifecycleStage.Active, _ => Task.CompletedTask, StopAsync);

    /// <summary>The scheduler activated here with an empty queue: resume running sweeps now and reconcile them from now on.</summary>
    public void SchedulerActivated()
    {
        if (!options.Value.ResumeSweepsOnStartup)
            return;
        BackgroundCalls.Forget(ResumeRunningSweepsAsync, logger, "Resuming running sweeps after a scheduler start");
        lock (_gate)
        {
            if (_reconciling is not null)
                return;
            _reconciling = new CancellationTokenSource();
            var stopping = _reconciling.Token;
            // On the thread pool, not in the scheduler's activation: the loop outlives no activation it runs in.
            _loop = Task.Run(() => ReconcileLoopAsync(stopping));
        }
    }

    /// <summary>The scheduler left this silo: the silo that activates it next reconciles.</summary>
    public void SchedulerDeactivated() => StopLoop();

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        StopLoop();
        await _loop;
    }

    private void StopLoop()
    {
        lock (_gate)
        {
            _reconciling?.Cancel();
            _reconciling?.Dispose();
            _reconciling = null;
        }
    }

    private async Task ResumeRunningSweepsAsync()
    {
        foreach (var sweepId in await Registry.RunningSweepIds())
        {
            LogResumingSweep(sweepId);
            await grains.GetGrain<ISweepGrain>(sweepId).Resume();
        }
    }

    private async Task ReconcileLoopAsync(CancellationToken stopping)
    {
        try
        {
            using var timer = new PeriodicTimer(options.Value.ReconcileInterval);
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    var sweeps = await Registry.RunningSweepIds();
                    await Task.WhenAll(sweeps.Select(id => grains.GetGrain<ISweepGrain>(id).Reconcile()));
                }
                catch (Exception e)
                {
                    LogReconcileFailed(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming sweep {SweepId} after a scheduler restart")]
    private partial void LogResumingSweep(string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling running sweeps failed; the next tick tries again")]
    private partial void LogReconcileFailed(Exception exception);
}
