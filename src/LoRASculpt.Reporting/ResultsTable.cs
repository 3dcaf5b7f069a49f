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

    private static string Highlight(string score, bool best) => best ? $"[bold green]{score}[/]" : score;

    private static string StatusCell(SweepResultRow row)
    {
        var status = ResultsReport.StatusText(row.Status);
        return row.Status switch
        {
            TrialStatus.Completed => $"[green]{status}[/]",
            TrialStatus.Failed => $"[red]{status}[/]{(row.FailureReason is { Length: > 0 } reason ? ": " + Markup.Escape(reason) : "")}",
            TrialStatus.Cancelled => $"[yellow]{status}[/]",
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
