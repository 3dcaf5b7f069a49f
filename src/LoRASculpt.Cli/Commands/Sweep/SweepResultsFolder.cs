using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Reporting;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>
/// Writes a sweep's results next to the table: results.csv (and, with seeds, results-by-point.csv; with forgetting
/// curves, curves.csv; with a scored trial, hypervolume.csv), results.json, results.md (with the Pareto front and its
/// hypervolume below the table) and PNG plots.
/// </summary>
internal static class SweepResultsFolder
{
    /// <summary>"./lorasculpt-results/{name}-{sweep id}" under <paramref name="workingDirectory"/>.</summary>
    public static string DefaultFor(SweepResults results, string workingDirectory)
    {
        var name = new string(results.Name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray()).Trim('.');
        return Path.Combine(workingDirectory, "lorasculpt-results", $"{(name.Length == 0 ? "sweep" : name)}-{results.SweepId}");
    }

    /// <summary>Writes every file; returns their paths (plots only when some trial completed).</summary>
    public static IReadOnlyList<string> Write(SweepResults results, string directory, ResultMetric? sortBy)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Save(string file, string text)
        {
            var path = Path.Combine(directory, file);
            File.WriteAllText(path, text);
            written.Add(path);
        }
        Save("results.csv", CsvResultsWriter.Render(results, sortBy));
        if (ReplicateGroups.HasReplicates(results))
        {
            Save("results-by-point.csv", CsvResultsWriter.RenderPoints(results));
        }

        if (results.Rows.Any(r => r.Curve.Length > 0))
        {
            Save("curves.csv", CsvResultsWriter.RenderCurves(results));
        }

        var pareto = ParetoSummary.Of(results);
        if (pareto is not null)
        {
            Save("hypervolume.csv", CsvResultsWriter.RenderHypervolume(pareto));
        }

        Save("results.json", JsonResultsWriter.Render(results, sortBy));
        Save("results.md", MarkdownResultsWriter.Render(results, sortBy) + (pareto is { Scored: >= 2 } ? "\n" + pareto.Describe() : ""));
        written.AddRange(ResultPlots.WriteAll(results, directory));
        return written;
    }
}
