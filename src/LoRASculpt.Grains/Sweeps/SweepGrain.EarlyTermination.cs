using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Sweeps.Search.EarlyTermination;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Grains.Sweeps;

/// <summary>
/// Early termination (<c>early_terminate:</c>): the sweep owns the decisions, because only it knows its other trials.
/// Each trial's curve, as its snapshots bring it, is fed to <see cref="AsyncHyperband"/>; the rung records and every
/// decision are saved before the trial is told to stop, so a restart neither forgets a decision nor decides differently.
/// Resume and reconcile re-derive decisions from the trials' stored curves and repeat stops that did not arrive.
/// </summary>
public sealed partial class SweepGrain
{
    private AsyncHyperband? _hyperband;

    private AsyncHyperband? Hyperband => Stored.Spec is { EarlyTerminate: { } settings, Metric: { } metric }
        ? _hyperband ??= new AsyncHyperband(settings, metric)
        : null;

    /// <summary>Records a trial's new rung values and stops it when it falls below a rung's cutoff.</summary>
    private async Task TerminateEarlyAsync(TrialSnapshot snapshot)
    {
        if (Hyperband is not { } hyperband || Stored.State != SweepState.Running || snapshot.Curve.IsEmpty)
            return;
        var stoppable = snapshot.Status is TrialStatus.Queued or TrialStatus.Training && !Stored.StopDecisions.ContainsKey(snapshot.TrialId);
        var (recorded, stop) = hyperband.Observe(snapshot.TrialId, snapshot.Curve, stoppable, Stored.Rungs);
        if (stop is not null)
            Stored.StopDecisions[snapshot.TrialId] = stop.Reason;
        if (recorded)
            await SaveAsync();
        if (stop is not null)
            await StopTrialAsync(snapshot.TrialId, stop.Reason);
    }

    /// <summary>After a restart or a lost message: decide from the stored curves, and repeat stops the trial has not applied.</summary>
    private async Task ReviewEarlyTerminationAsync()
    {
        if (Hyperband is null || Stored.State != SweepState.Running)
            return;
        foreach (var (trial, snapshot) in _table.Rows().ToArray())
        {
            if (snapshot is null || snapshot.Status.IsTerminal())
                continue;
            try
            {
                if (Stored.StopDecisions.TryGetValue(trial.TrialId, out var reason))
                    await StopTrialAsync(trial.TrialId, reason);
                else
                    await TerminateEarlyAsync(snapshot);
            }
            catch (Exception e)
            {
                // The decision is saved: the next resume or reconcile asks again. The rest of the pass goes on.
                LogStopFailed(e, SweepId, trial.TrialId);
            }
        }
    }

    private async Task StopTrialAsync(string trialId, string reason)
    {
        LogStoppingEarly(SweepId, trialId, reason);
        _table.Apply(await GrainFactory.GetGrain<ITrialGrain>(trialId).StopEarly(SweepId, reason));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} could not stop trial {TrialId} early; the next resume or reconcile tries again")]
    private partial void LogStopFailed(Exception exception, string sweepId, string trialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} stops trial {TrialId} early {Reason}")]
    private partial void LogStoppingEarly(string sweepId, string trialId, string reason);
}
