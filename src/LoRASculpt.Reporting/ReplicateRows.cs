using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Reporting;

/// <summary>
/// What the human-readable renderers (terminal table, Markdown) show for a sweep with seeds: one row per grid point,
/// scores as mean ± std (n), the distinctly best point per score (<see cref="ReplicateGroups.Best"/>), and a note
/// for seeds that did not complete.
/// </summary>
internal static class ReplicateRows
{
    public static readonly ResultMetric[] Scores = [ResultMetric.Source, ResultMetric.Target, ResultMetric.Avg];

    /// <summary>Points in plan order, or with <paramref name="sortBy"/> scored points by that mean, highest first, then the rest.</summary>
    public static IReadOnlyList<ReplicateGroup> Ordered(IReadOnlyList<ReplicateGroup> groups, ResultMetric? sortBy) =>
        sortBy is not { } metric
            ? groups
            : [.. groups.Where(g => g.Score(metric) is not null).OrderByDescending(g => g.Score(metric)!.Value.Mean),
               .. groups.Where(g => g.Score(metric) is null)];

    public static string Cell(ReplicateGroup group, ResultMetric metric) =>
        group.Score(metric) is { } stats ? stats.Format() : ResultFormat.NotApplicable;

    /// <summary>"2 of 3 seeds; seed 2 failed: out of memory", or "" when every seed completed.</summary>
    public static string Note(ReplicateGroup group)
    {
        var completed = group.Rows.Count(ResultsReport.IsScored);
        if (completed == group.Rows.Length)
        {
            return "";
        }

        var others = group.Rows.Where(r => !ResultsReport.IsScored(r)).Select(r =>
            $"seed {r.SweptValues.GetValueOrDefault(ReplicateGroups.SeedAxis, "?")} {ResultsReport.StatusNote(r)}");
        return $"{completed} of {group.Rows.Length} seeds; {string.Join("; ", others)}";
    }

    public static string Caption(IReadOnlyList<ReplicateGroup> groups)
    {
        var trials = groups.Sum(g => g.Rows.Length);
        var completed = groups.Sum(g => g.Rows.Count(ResultsReport.IsScored));
        var seeds = groups.Max(g => g.Rows.Length);
        return $"{completed} of {trials} trials completed; {groups.Count} grid point{(groups.Count == 1 ? "" : "s")}, up to {seeds} seeds each; " +
            "mean ± std (n) over completed seeds; best marked only when ahead of the runner-up by more than the larger std";
    }
}
