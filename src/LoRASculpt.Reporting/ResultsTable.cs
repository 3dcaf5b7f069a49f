using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using Spectre.Console;

namespace LoRASculpt.Reporting;

/// <summary>
/// The terminal results table in the paper's layout: one row per trial with the swept values, the method,
/// Source, Target and Avg (2 decimals); the best of each score highlighted; trials that did not complete
/// shown with their status and failure reason.
/// </summary>
public static class ResultsTable
{
    public static Table Build(SweepResults results, ResultMetric? sortBy = null)
    {
        if (ReplicateGroups.HasReplicates(results))
        {
            return BuildPerPoint(results, sortBy);
        }

        var rows = ResultsReport.Ordered(results, sortBy);
        var withStatus = rows.Any(r => !ResultsReport.IsScored(r));
        var best = Enum.GetValues<ResultMetric>().ToDictionary(m => m, results.BestBy);

        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(results.Name)}[/] ({Markup.Escape(results.SweepId)})")
            .Caption(Caption(results, sortBy));
        foreach (var axis in results.SweptAxes)
        {
            table.AddColumn(new TableColumn(Markup.Escape(axis)).RightAligned());
        }

        table.AddColumn("Method");
        foreach (var metric in new[] { ResultMetric.Source, ResultMetric.Target, ResultMetric.Avg })
        {
            var header = metric.ToString();
            table.AddColumn(new TableColumn(sortBy == metric ? $"[underline]{header}[/]" : header).RightAligned());
        }

        if (withStatus)
        {
            table.AddColumn("Status");
        }

        foreach (var row in rows)
        {
            var cells = new List<string>();
            cells.AddRange(results.SweptAxes.Select(axis => row.SweptValues.TryGetValue(axis, out var v)
                ? Markup.Escape(ResultFormat.Display(v))
                : $"[grey]{ResultFormat.NotApplicable}[/]"));
            cells.Add(Markup.Escape(row.Method));
            foreach (var metric in new[] { ResultMetric.Source, ResultMetric.Target, ResultMetric.Avg })
            {
                cells.Add(ResultsReport.IsScored(row)
                    ? Highlight(ResultFormat.Score(ResultsReport.Score(row.Result!, metric)), best[metric] == row.TrialId)
                    : $"[grey]{ResultFormat.NotApplicable}[/]");
            }

            if (withStatus)
            {
                cells.Add(StatusCell(row));
            }

            table.AddRow(cells.ToArray());
        }

        return table;
    }

    /// <summary>A sweep with seeds: one row per grid point (see <see cref="ReplicateRows"/>).</summary>
    private static Table BuildPerPoint(SweepResults results, ResultMetric? sortBy)
    {
        var groups = ReplicateGroups.Of(results);
        var axes = ReplicateGroups.KnobAxes(results);
        var best = ReplicateRows.Scores.ToDictionary(m => m, m => ReplicateGroups.Best(groups, m));
        var withNotes = groups.Any(g => ReplicateRows.Note(g).Length > 0);
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(results.Name)}[/] ({Markup.Escape(results.SweepId)})")
            .Caption(Markup.Escape(ReplicateRows.Caption(groups)) + (sortBy is { } sorted ? $"; sorted by {sorted}" : "; plan order"));
        foreach (var axis in axes)
        {
            table.AddColumn(new TableColumn(Markup.Escape(axis)).RightAligned());
        }

        table.AddColumn("Method");
        foreach (var metric in ReplicateRows.Scores)
        {
            table.AddColumn(new TableColumn(sortBy == metric ? $"[underline]{metric}[/]" : metric.ToString()).RightAligned());
        }

        if (withNotes)
        {
            table.AddColumn("Notes");
        }

        foreach (var group in ReplicateRows.Ordered(groups, sortBy))
        {
            var cells = new List<string>();
            cells.AddRange(axes.Select(axis => group.Values.TryGetValue(axis, out var v)
                ? Markup.Escape(ResultFormat.Display(v))
                : $"[grey]{ResultFormat.NotApplicable}[/]"));
            cells.Add(Markup.Escape(group.Method));
            cells.AddRange(ReplicateRows.Scores.Select(m => Highlight(Markup.Escape(ReplicateRows.Cell(group, m)), ReferenceEquals(best[m], group))));
            if (withNotes)
            {
                cells.Add(Markup.Escape(ReplicateRows.Note(group)));
            }

            table.AddRow(cells.ToArray());
        }

        return table;
    }

    private static string Highlight(string score, bool best) => best ? $"[bold green]{score}[/]" : score;

    private static string StatusCell(SweepResultRow row)
    {
        var status = ResultsReport.StatusText(row.Status);
        return row.Status switch
        {
            TrialStatus.Completed => $"[green]{status}[/]",
            TrialStatus.Failed => $"[red]{status}[/]{(row.FailureReason is { Length: > 0 } reason ? ": " + Markup.Escape(reason) : "")}",
            TrialStatus.Cancelled => $"[yellow]{status}[/]",
            TrialStatus.StoppedEarly => $"[blue]{status}[/]{Markup.Escape(ResultsReport.StatusNote(row)[status.Length..])}",
            _ => status,
        };
    }

    private static string Caption(SweepResults results, ResultMetric? sortBy)
    {
        var completed = results.Rows.Count(ResultsReport.IsScored);
        var order = sortBy is { } metric ? $"sorted by {metric}" : "plan order";
        return $"{completed} of {results.Rows.Length} trials completed; best in [bold green]green[/]; {order}; scores 0-100";
    }
}
