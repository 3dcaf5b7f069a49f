using System.Text;
using System.Text.Json;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Reporting;

/// <summary>
/// Indented JSON of a sweep's results with full-precision numbers (shortest round-trip form): the sweep,
/// its best trials, and per trial the swept values, status, summary scores, per-task scores, timings and its
/// forgetting curve ("curve": step, source, target per point; empty when none was measured).
/// </summary>
public static class JsonResultsWriter
{
    public static string Render(SweepResults results, ResultMetric? sortBy = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("sweep_id", results.SweepId);
            json.WriteString("name", results.Name);
            json.WriteString("state", results.State.ToString().ToLowerInvariant());
            json.WriteStartArray("swept_axes");
            foreach (var axis in results.SweptAxes)
            {
                json.WriteStringValue(axis);
            }

            json.WriteEndArray();
            json.WriteStartObject("best");
            json.WriteString("avg", results.BestByAvg);
            json.WriteString("source", results.BestBySource);
            json.WriteString("target", results.BestByTarget);
            json.WriteEndObject();
            json.WriteStartArray("trials");
            foreach (var row in ResultsReport.Ordered(results, sortBy))
            {
                WriteRow(json, row);
            }

            json.WriteEndArray();
            if (ReplicateGroups.HasReplicates(results))
            {
                WritePoints(json, results);
            }

            if (ParetoSummary.Of(results) is { } pareto)
            {
                WritePareto(json, pareto);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>"pareto": the Source/Target front's trial ids and the hypervolume after each number of trials (or points).</summary>
    private static void WritePareto(Utf8JsonWriter json, ParetoSummary pareto)
    {
        json.WriteStartObject("pareto");
        json.WriteString("counted_as", pareto.CountedAs);
        json.WriteStartArray("front");
        foreach (var member in pareto.Front)
        {
            json.WriteStringValue(member.TrialId);
        }

        json.WriteEndArray();
        json.WriteStartArray("hypervolume");
        foreach (var step in pareto.Hypervolume)
        {
            json.WriteNumberValue(step.Value);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>With seeds: "points", one per grid point with its seeds' trial ids and mean, std and n of each score.</summary>
    private static void WritePoints(Utf8JsonWriter json, SweepResults results)
    {
        var groups = ReplicateGroups.Of(results);
        json.WriteStartObject("best_point");
        foreach (var metric in ReplicateRows.Scores)
        {
            json.WriteString(metric.ToString().ToLowerInvariant(), ReplicateGroups.Best(groups, metric)?.Key);
        }

        json.WriteEndObject();
        json.WriteStartArray("points");
        foreach (var group in groups)
        {
            json.WriteStartObject();
            json.WriteString("point", group.Key);
            json.WriteString("method", group.Method);
            WriteSwept(json, group.Values);
            json.WriteStartArray("trial_ids");
            foreach (var row in group.Rows)
            {
                json.WriteStringValue(row.TrialId);
            }

            json.WriteEndArray();
            foreach (var metric in ReplicateRows.Scores)
            {
                WriteStats(json, metric.ToString().ToLowerInvariant(), group.Score(metric));
            }

            json.WriteStartObject("tasks");
            foreach (var (task, stats) in group.Tasks)
            {
                WriteStats(json, task, stats);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteStats(Utf8JsonWriter json, string name, Core.Scoring.ReplicateStatistics? stats)
    {
        if (stats is not { } s)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("mean", s.Mean);
        json.WriteNumber("std", s.Std);
        json.WriteNumber("n", s.N);
        json.WriteEndObject();
    }

    /// <summary>A curve score; null when not finite (JSON has no NaN).</summary>
    private static void WriteScore(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteSwept(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, string>> values)
    {
        json.WriteStartObject("swept");
        foreach (var (name, value) in values)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, SweepResultRow row)
    {
        json.WriteStartObject();
        json.WriteString("trial_id", row.TrialId);
        json.WriteString("method", row.Method);
        WriteSwept(json, row.SweptValues);
        json.WriteString("status", ResultsReport.StatusText(row.Status));
        json.WriteNumber("attempts", row.Attempts);
        if (row.Result is { } result)
        {
            json.WriteNumber("source", result.Source);
            json.WriteNumber("target", result.Target);
            json.WriteNumber("avg", result.Avg);
            json.WriteStartArray("tasks");
            foreach (var task in result.Tasks)
            {
                json.WriteStartObject();
                json.WriteString("task", task.Task);
                json.WriteString("metric", task.Metric);
                json.WriteNumber("score", task.Score);
                json.WriteBoolean("is_target", task.IsTarget);
                json.WriteNumber("samples", task.Samples);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("training_seconds", result.TrainingTime.TotalSeconds);
            json.WriteNumber("evaluation_seconds", result.EvaluationTime.TotalSeconds);
            json.WriteString("adapter_key", result.AdapterKey);
            json.WriteString("suite_version", result.SuiteVersion);
        }

        json.WriteString("failure_reason", row.FailureReason);
        json.WriteString("stop_reason", row.StopReason);
        json.WriteStartArray("curve");
        foreach (var point in row.Curve)
        {
            json.WriteStartObject();
            json.WriteNumber("step", point.Step);
            WriteScore(json, "source", point.Source);
            WriteScore(json, "target", point.Target);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
