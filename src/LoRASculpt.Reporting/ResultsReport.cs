using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Reporting;

/// <summary>
/// Builds and orders the rows every results renderer shows. Renderers take a <see cref="SweepResults"/>
/// (what the sweep grain returns); <see cref="FromTrials"/> builds one from planned trials and their outcomes.
/// </summary>
public static class ResultsReport
{
    /// <summary>A results table from planned trials and what became of them, with the best trials computed.</summary>
    public static SweepResults FromTrials(
        string sweepId,
        string name,
        SweepState state,
        IReadOnlyList<string> sweptAxes,
        IEnumerable<(SweepTrial Trial, TrialStatus Status, TrialResult? Result, string? FailureReason)> rows)
    {
        var built = rows.Select(r => new SweepResultRow(
            r.Trial.TrialId,
            r.Trial.Config.Method,
            r.Trial.SweptValues,
            r.Status,
            r.Status == TrialStatus.Queued ? 0 : 1,
            r.Result,
            r.FailureReason)).ToImmutableArray();
        return new SweepResults(sweepId, name, state, [.. sweptAxes], built,
            Best(built, ResultMetric.Avg), Best(built, ResultMetric.Source), Best(built, ResultMetric.Target));
    }

    /// <summary>Trial id of the completed row with the highest <paramref name="metric"/>; the first in plan order wins a tie.</summary>
    public static string? Best(IEnumerable<SweepResultRow> rows, ResultMetric metric)
    {
        SweepResultRow? best = null;
        foreach (var row in rows)
        {
            if (row is { Status: TrialStatus.Completed, Result: { } result } && (best is null || Score(result, metric) > Score(best.Result!, metric)))
            {
                best = row;
            }
        }

        return best?.TrialId;
    }

    /// <summary>
    /// Rows in plan order, or with <paramref name="sortBy"/>: completed rows by that score, highest first
    /// (ties keep plan order), then the others in plan order.
    /// </summary>
    public static IReadOnlyList<SweepResultRow> Ordered(SweepResults results, ResultMetric? sortBy)
    {
        if (sortBy is not { } metric)
        {
            return results.Rows;
        }

        var completed = results.Rows.Where(IsScored).OrderByDescending(r => Score(r.Result!, metric));
        return [.. completed, .. results.Rows.Where(r => !IsScored(r))];
    }

    public static double Score(TrialResult result, ResultMetric metric) => metric switch
    {
        ResultMetric.Avg => result.Avg,
        ResultMetric.Source => result.Source,
        ResultMetric.Target => result.Target,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>Parses "avg", "source" or "target" (any case), as the CLI's --sort takes them.</summary>
    public static bool TryParseMetric(string text, out ResultMetric metric) =>
        Enum.TryParse(text, ignoreCase: true, out metric) && Enum.IsDefined(metric) && !int.TryParse(text, out _);

    /// <summary>Per-task score columns: every task that appears in a result, in order of first appearance.</summary>
    public static IReadOnlyList<string> TaskColumns(SweepResults results) =>
        results.Rows.Where(r => r.Result is not null).SelectMany(r => r.Result!.Tasks.Select(t => t.Task)).Distinct().ToArray();

    internal static bool IsScored(SweepResultRow row) => row is { Status: TrialStatus.Completed, Result: not null };

    internal static string StatusText(TrialStatus status) => status.Display();

    /// <summary>
    /// The status with why the trial did not complete: "failed: out of memory", "stopped early at step 100 (curve point
    /// 2): avg 40.10, worse than the cutoff ...". A stopped-early row's scores are its last curve point's, not a full
    /// evaluation, so tables show them here rather than in the score columns.
    /// </summary>
    internal static string StatusNote(SweepResultRow row) => row switch
    {
        { Status: TrialStatus.Failed, FailureReason: { Length: > 0 } reason } => $"{StatusText(row.Status)}: {reason}",
        { Status: TrialStatus.StoppedEarly, StopReason: { Length: > 0 } where } => $"{StatusText(row.Status)} {where}",
        _ => StatusText(row.Status),
    };
}
