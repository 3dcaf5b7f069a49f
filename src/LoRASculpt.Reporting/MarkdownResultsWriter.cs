using System.Text;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Reporting;

/// <summary>
/// A GitHub Markdown table in the paper's layout: the swept values, the method, Source, Target and Avg
/// (2 decimals), the best of each score in bold, and a notes column when some trial did not complete.
/// </summary>
public static class MarkdownResultsWriter
{
    public static string Render(SweepResults results, ResultMetric? sortBy = null)
    {
        if (ReplicateGroups.HasReplicates(results))
        {
            return RenderPerPoint(results, sortBy);
        }

        var rows = ResultsReport.Ordered(results, sortBy);
        var withNotes = rows.Any(r => !ResultsReport.IsScored(r));
        var best = Enum.GetValues<ResultMetric>().ToDictionary(m => m, results.BestBy);

        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", [.. results.SweptAxes, "method", "Source", "Target", "Avg", .. withNotes ? new[] { "notes" } : []]).Append(" |\n");
        text.Append('|').AppendJoin('|', [.. results.SweptAxes.Select(_ => "---"), "---", "---:", "---:", "---:", .. withNotes ? new[] { "---" } : []]).Append("|\n");
        foreach (var row in rows)
        {
            var cells = new List<string>();
            cells.AddRange(results.SweptAxes.Select(axis => row.SweptValues.TryGetValue(axis, out var v) ? ResultFormat.Display(v) : ResultFormat.NotApplicable));
            cells.Add(row.Method);
            foreach (var metric in new[] { ResultMetric.Source, ResultMetric.Target, ResultMetric.Avg })
            {
                cells.Add(ResultsReport.IsScored(row)
                    ? Bold(ResultFormat.Score(ResultsReport.Score(row.Result!, metric)), best[metric] == row.TrialId)
                    : ResultFormat.NotApplicable);
            }

            if (withNotes)
            {
                cells.Add(Notes(row));
            }

            text.Append("| ").AppendJoin(" | ", cells.Select(Escape)).Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>A sweep with seeds: one row per grid point, mean ± std (n) (see <see cref="ReplicateRows"/>), and the caption below.</summary>
    private static string RenderPerPoint(SweepResults results, ResultMetric? sortBy)
    {
        var groups = ReplicateGroups.Of(results);
        var axes = ReplicateGroups.KnobAxes(results);
        var best = ReplicateRows.Scores.ToDictionary(m => m, m => ReplicateGroups.Best(groups, m));
        var withNotes = groups.Any(g => ReplicateRows.Note(g).Length > 0);
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", [.. axes, "method", "Source", "Target", "Avg", .. withNotes ? new[] { "notes" } : []]).Append(" |\n");
        text.Append('|').AppendJoin('|', [.. axes.Select(_ => "---"), "---", "---:", "---:", "---:", .. withNotes ? new[] { "---" } : []]).Append("|\n");
        foreach (var group in ReplicateRows.Ordered(groups, sortBy))
        {
            var cells = new List<string>();
            cells.AddRange(axes.Select(axis => group.Values.TryGetValue(axis, out var v) ? ResultFormat.Display(v) : ResultFormat.NotApplicable));
            cells.Add(group.Method);
            cells.AddRange(ReplicateRows.Scores.Select(m => Bold(ReplicateRows.Cell(group, m), ReferenceEquals(best[m], group))));
            if (withNotes)
            {
                cells.Add(ReplicateRows.Note(group));
            }

            text.Append("| ").AppendJoin(" | ", cells.Select(Escape)).Append(" |\n");
        }

        text.Append('\n').Append(ReplicateRows.Caption(groups)).Append(".\n");
        return text.ToString();
    }

    private static string Notes(SweepResultRow row) =>
        ResultsReport.IsScored(row) ? "" : ResultsReport.StatusNote(row);

    private static string Bold(string text, bool bold) => bold ? $"**{text}**" : text;

    private static string Escape(string cell) => cell.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
