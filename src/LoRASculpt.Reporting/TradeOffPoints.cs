using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Reporting;

/// <summary>
/// The points a Source/Target trade-off is judged on, in plan order: each completed trial with finite scores, or with
/// seeds, each grid point at its seeds' means (so a front goes through means, never through one lucky seed).
/// </summary>
internal static class TradeOffPoints
{
    public static SweepResultRow[] Of(SweepResults results) =>
        ReplicateGroups.HasReplicates(results) ? MeanRows(results) : [.. results.Rows.Where(IsPlottable)];

    /// <summary>Completed with finite scores: a NaN score (a diverged run) cannot be placed on an axis or ranked on the front.</summary>
    public static bool IsPlottable(SweepResultRow row) =>
        ResultsReport.IsScored(row) && double.IsFinite(row.Result!.Source) && double.IsFinite(row.Result.Target) && double.IsFinite(row.Result.Avg);

    /// <summary>Each grid point with a completed seed as one row at its means, labelled by its swept values.</summary>
    private static SweepResultRow[] MeanRows(SweepResults results) =>
    [
        .. ReplicateGroups.Of(results)
            .Where(g => g.Source is { } s && g.Target is { } t && g.Avg is { } a && double.IsFinite(s.Mean) && double.IsFinite(t.Mean) && double.IsFinite(a.Mean))
            .Select(g => g.Rows.First(ResultsReport.IsScored) with
            {
                SweptValues = g.Values,
                Result = g.Rows.First(ResultsReport.IsScored).Result! with { Source = g.Source!.Value.Mean, Target = g.Target!.Value.Mean, Avg = g.Avg!.Value.Mean },
            }),
    ];
}
