using System.Text;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Reporting;

/// <summary>
/// RFC 4180 CSV of a sweep's results, one row per trial, full-precision invariant numbers:
/// trial_id, method, the swept parameters, status, attempts, source, target, avg, one column per task,
/// training_seconds, evaluation_seconds, failure_reason. Absent values are empty fields. The forgetting curves
/// are a separate file (<see cref="RenderCurves"/>), one row per point.
/// </summary>
public static class CsvResultsWriter
{
    public static string Render(SweepResults results, ResultMetric? sortBy = null)
    {
        var tasks = ResultsReport.TaskColumns(results);
        var text = new StringBuilder();
        WriteLine(text, ["trial_id", "method", .. results.SweptAxes, "status", "attempts", "source", "target", "avg", .. tasks,
            "training_seconds", "evaluation_seconds", "failure_reason"]);
        foreach (var row in ResultsReport.Ordered(results, sortBy))
        {
            var result = row.Result;
            WriteLine(text,
            [
                row.TrialId,
                row.Method,
                .. results.SweptAxes.Select(axis => row.SweptValues.GetValueOrDefault(axis) ?? ""),
                ResultsReport.StatusText(row.Status),
                row.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                result is null ? "" : ResultFormat.Exact(result.Source),
                result is null ? "" : ResultFormat.Exact(result.Target),
                result is null ? "" : ResultFormat.Exact(result.Avg),
                .. tasks.Select(task => result?.Tasks.FirstOrDefault(t => t.Task == task) is { } score ? ResultFormat.Exact(score.Score) : ""),
                result is null ? "" : ResultFormat.Seconds(result.TrainingTime),
                result is null ? "" : ResultFormat.Seconds(result.EvaluationTime),
                row.FailureReason ?? "",
            ]);
        }

        return text.ToString();
    }

    /// <summary>
    /// A sweep with seeds, one row per grid point: method, the swept values other than the seed, how many seeds ran
    /// and completed, and mean and sample std of Source, Target, Avg and each task over the completed seeds.
    /// </summary>
    public static string RenderPoints(SweepResults results)
    {
        var tasks = ResultsReport.TaskColumns(results);
        var axes = ReplicateGroups.KnobAxes(results);
        var text = new StringBuilder();
        WriteLine(text, ["method", .. axes, "seeds", "completed", "source_mean", "source_std", "target_mean", "target_std", "avg_mean", "avg_std",
            .. tasks.SelectMany(t => new[] { t + "_mean", t + "_std" })]);
        foreach (var group in ReplicateGroups.Of(results))
        {
            string[] Stats(Core.Scoring.ReplicateStatistics? stats) =>
                stats is { } s ? [ResultFormat.Exact(s.Mean), ResultFormat.Exact(s.Std)] : ["", ""];
            WriteLine(text,
            [
                group.Method,
                .. axes.Select(axis => group.Values.GetValueOrDefault(axis) ?? ""),
                group.Rows.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                group.Rows.Count(ResultsReport.IsScored).ToString(System.Globalization.CultureInfo.InvariantCulture),
                .. Stats(group.Source), .. Stats(group.Target), .. Stats(group.Avg),
                .. tasks.SelectMany(task => Stats(group.Tasks.TryGetValue(task, out var s) ? s : null)),
            ]);
        }

        return text.ToString();
    }

    /// <summary>
    /// The forgetting curves (curves.csv): one row per curve point, trial_id, step, source, target, trials in plan
    /// order and points in step order; only the header when no trial measured any.
    /// </summary>
    public static string RenderCurves(SweepResults results)
    {
        var text = new StringBuilder();
        WriteLine(text, ["trial_id", "step", "source", "target"]);
        foreach (var row in results.Rows)
        {
            foreach (var point in row.Curve)
            {
                WriteLine(text, [row.TrialId, point.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), ResultFormat.Exact(point.Source), ResultFormat.Exact(point.Target)]);
            }
        }

        return text.ToString();
    }

    /// <summary>hypervolume.csv: the Source/Target front's hypervolume after each number of trials (or, with seeds, points).</summary>
    public static string RenderHypervolume(ParetoSummary pareto)
    {
        var text = new StringBuilder();
        WriteLine(text, [pareto.CountedAs, "hypervolume"]);
        foreach (var step in pareto.Hypervolume)
        {
            WriteLine(text, [step.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ResultFormat.Exact(step.Value)]);
        }

        return text.ToString();
    }

    private static void WriteLine(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(Quote(fields[i]));
        }

        text.Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
