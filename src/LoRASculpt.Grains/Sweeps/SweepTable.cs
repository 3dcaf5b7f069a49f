using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Sweeps;

/// <summary>
/// The sweep's live view of its trials: the latest snapshot of each (out-of-order snapshots are dropped by
/// version) and counts per status kept incrementally, so a change costs O(1) however large the sweep.
/// </summary>
public sealed class SweepTable
{
    private readonly IReadOnlyList<SweepTrial> _trials;
    private readonly Dictionary<string, int> _index;
    private readonly List<TrialSnapshot?> _snapshots;
    private readonly int[] _counts = new int[Enum.GetValues<TrialStatus>().Length];

    public SweepTable(IReadOnlyList<SweepTrial> trials)
    {
        _trials = trials;
        _index = new Dictionary<string, int>(trials.Count, StringComparer.Ordinal);
        for (var i = 0; i < trials.Count; i++)
            _index[trials[i].TrialId] = i;
        _snapshots = [.. new TrialSnapshot?[trials.Count]];
    }

    /// <summary>
    /// Takes in trials just appended to the list this table was built on (a bayes sweep proposes them as it goes);
    /// they count as queued until heard from.
    /// </summary>
    public void Appended(IEnumerable<SweepTrial> trials)
    {
        foreach (var trial in trials)
        {
            _index[trial.TrialId] = _snapshots.Count;
            _snapshots.Add(null);
        }
    }

    public int Total => _trials.Count;

    public int Count(TrialStatus status) => _counts[(int)status];

    public int Terminal => Count(TrialStatus.Completed) + Count(TrialStatus.Failed) + Count(TrialStatus.Cancelled) + Count(TrialStatus.StoppedEarly);

    public bool AllTerminal => Terminal == Total;

    public TrialSnapshot? Get(string trialId) => _index.TryGetValue(trialId, out var i) ? _snapshots[i] : null;

    /// <summary>False when the trial is not in the plan or the snapshot is older than the one held.</summary>
    public bool Apply(TrialSnapshot snapshot)
    {
        if (!_index.TryGetValue(snapshot.TrialId, out var i))
            return false;
        var previous = _snapshots[i];
        if (previous is not null && previous.Version > snapshot.Version)
            return false;
        if (previous is not null)
            _counts[(int)previous.Status]--;
        _counts[(int)snapshot.Status]++;
        _snapshots[i] = snapshot;
        return true;
    }

    public IEnumerable<(SweepTrial Trial, TrialSnapshot? Snapshot)> Rows()
    {
        for (var i = 0; i < _trials.Count; i++)
            yield return (_trials[i], _snapshots[i]);
    }

    public SweepStatus Status(string sweepId, SweepRecord record) => new(
        sweepId,
        record.Spec?.Name ?? "",
        record.State,
        Total,
        // Trials not heard from yet count as queued.
        Count(TrialStatus.Queued) + _snapshots.Count(s => s is null),
        Count(TrialStatus.Training),
        Count(TrialStatus.Evaluating),
        Count(TrialStatus.Completed),
        Count(TrialStatus.Failed),
        Count(TrialStatus.Cancelled),
        [.. _snapshots.Where(s => s is { Status: TrialStatus.Training or TrialStatus.Evaluating })!],
        record.SubmittedUtc,
        record.FinishedUtc)
    {
        StoppedEarly = Count(TrialStatus.StoppedEarly),
    };

    public SweepResults Results(string sweepId, SweepRecord record)
    {
        var rows = Rows().Select(r => new SweepResultRow(
            r.Trial.TrialId,
            r.Trial.Config.Method,
            r.Trial.SweptValues,
            r.Snapshot?.Status ?? TrialStatus.Queued,
            r.Snapshot?.Attempt ?? 0,
            r.Snapshot?.Result,
            r.Snapshot?.FailureReason)
        {
            Curve = r.Snapshot?.Curve ?? [],
            StopReason = r.Snapshot?.StopReason,
        }).ToImmutableArray();
        return new SweepResults(sweepId, record.Spec?.Name ?? "", record.State, [.. record.SweptAxes], rows,
            Best(rows, r => r.Avg), Best(rows, r => r.Source), Best(rows, r => r.Target));
    }

    /// <summary>The completed row with the highest value; the first in plan order wins a tie. Stopped-early rows were never fully evaluated: they do not count.</summary>
    private static string? Best(ImmutableArray<SweepResultRow> rows, Func<TrialResult, double> metric)
    {
        SweepResultRow? best = null;
        foreach (var row in rows)
        {
            if (row is { Status: TrialStatus.Completed, Result: { } result } && (best is null || metric(result) > metric(best.Result!)))
                best = row;
        }
        return best?.TrialId;
    }
}
