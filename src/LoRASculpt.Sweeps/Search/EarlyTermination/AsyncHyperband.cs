using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Sweeps.Search.EarlyTermination;

/// <summary>
/// A sweep's early termination (<c>early_terminate: {type: hyperband}</c>): feeds each trial's forgetting curve to the
/// rungs of <see cref="HyperbandRungs"/> and applies <see cref="SuccessiveHalving"/> at each. Iteration k is a trial's
/// k-th curve point. A trial is recorded at a rung once, the first time the sweep sees its curve reach it, and its
/// value stays there as company for later trials whatever becomes of it. Pure: the sweep grain keeps the records
/// durably, so the same records and curves give the same decisions after a restart.
/// </summary>
public sealed class AsyncHyperband(HyperbandSettings settings, SweepMetric metric)
{
    public ImmutableArray<int> Rungs { get; } = HyperbandRungs.Of(settings);

    /// <summary>
    /// Records <paramref name="trialId"/>'s values at the rungs its curve has reached and that do not hold it yet, in
    /// rung order, and decides at each. A trial that is no longer training (<paramref name="stoppable"/> false) is
    /// recorded but never stopped. Stops at the first rung it fails (later rungs do not record it).
    /// </summary>
    /// <param name="records">Rung iteration to its records in arrival order; new records are appended.</param>
    /// <returns>Whether anything was recorded, and the stop, if any.</returns>
    public (bool Recorded, StopDecision? Stop) Observe(string trialId, IReadOnlyList<CurvePoint> curve, bool stoppable,
        IDictionary<int, List<RungRecord>> records)
    {
        var recorded = false;
        foreach (var iteration in Rungs)
        {
            if (curve.Count < iteration)
            {
                break;
            }

            if (!records.TryGetValue(iteration, out var rung))
            {
                records[iteration] = rung = [];
            }

            if (rung.Any(r => r.TrialId == trialId))
            {
                continue;
            }

            var point = curve[iteration - 1];
            var value = CurveMetric.Value(metric, point);
            var cutoff = SuccessiveHalving.Cutoff(rung.Select(r => r.Value), settings.Eta);
            var compared = rung.Count;
            rung.Add(new RungRecord(trialId, value));
            recorded = true;
            if (stoppable && !SuccessiveHalving.Continues(value, cutoff))
            {
                var sign = metric.Minimize ? -1 : 1;
                return (true, new StopDecision(iteration, point.Step, metric.Names[0], sign * value, sign * cutoff!.Value, compared));
            }
        }

        return (recorded, null);
    }
}
