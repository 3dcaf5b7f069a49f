using System.Globalization;
using LoRASculpt.Core.Benchmark.Generation;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training;

namespace LoRASculpt.Cli.Commands;

/// <summary>Prints a trial's results as aligned plain-text tables.</summary>
internal static class TrainReportPrinter
{
    private const string MultipleChoiceTask = OptionLetterShare.BenchmarkTask;

    public static void Print(TextWriter o, TrialSettings s, TrialReport report, IReadOnlyList<TaskResult>? baseTasks, TimeSpan trialTime, TimeSpan baseEvalTime)
    {
        var c = CultureInfo.InvariantCulture;
        var baseScores = baseTasks is null ? null : TrialRunner.Summarise(s, baseTasks);
        o.WriteLine();
        o.WriteLine("Scores (0-100; CIDEr-D x100)");
        var rows = new List<string[]> { baseScores is null ? ["task", "role", "metric", "n", "trial"] : ["task", "role", "metric", "n", "base", "trial", "delta"] };
        foreach (var t in report.Tasks)
        {
            var b = baseTasks?.First(x => x.Task == t.Task);
            rows.Add(b is null
                ? [t.Task, t.IsTarget ? "target" : "source", t.Metric, t.Samples.ToString(c), F(t.Score)]
                : [t.Task, t.IsTarget ? "target" : "source", t.Metric, t.Samples.ToString(c), F(b.Score), F(t.Score), Signed(t.Score - b.Score)]);
        }
        void Summary(string name, Func<SuiteScore, double> pick) => rows.Add(baseScores is null
            ? [name, "", "", "", F(pick(report.Scores))]
            : [name, "", "", "", F(pick(baseScores)), F(pick(report.Scores)), Signed(pick(report.Scores) - pick(baseScores))]);
        Summary("Source", x => x.Source);
        Summary("Target", x => x.Target);
        Summary("Avg", x => x.Avg);
        Table(o, rows, summaryFrom: report.Tasks.Count + 1);
        if (report.Tasks.FirstOrDefault(t => t.IsTarget && t.Task == MultipleChoiceTask) is { } mc)
        {
            var share = OptionLetterShare.Of(mc.Predictions.Select(p => p.Prediction), SceneWords.OptionLetters);
            o.WriteLine($"  {mc.Task}: {share * 100:F1} % of answers are an option letter ({string.Join("/", SceneWords.OptionLetters)}); guessing scores 25 % " +
                "only when every answer is one: any other answer scores 0, which is how a score falls below chance.");
        }

        var d = report.Training.Diagnostics;
        o.WriteLine();
        o.WriteLine("Training");
        Table(o,
        [
            ["steps", d.Steps.ToString(c) + (report.Training.ResumedFromStep > 0 ? $" (resumed from {report.Training.ResumedFromStep})" : "")],
            ["mean step", $"{d.MeanStepMilliseconds:F1} ms"],
            ["throughput", $"{d.SamplesPerSecond:F1} samples/s"],
            ["fine-tune time", $"{report.Training.Duration.TotalSeconds:F1} s"],
            ["evaluation time", $"{report.EvaluationTime.TotalSeconds:F1} s"],
            ["trial wall time", $"{trialTime.TotalSeconds:F1} s (train + evaluate{(baseTasks is null ? "" : $"; base evaluation {baseEvalTime.TotalSeconds:F1} s more")})"],
            ["adapter", report.Training.AdapterPath],
        ]);
        o.WriteLine();
        o.WriteLine("Final loss terms (unweighted; total = task + alpha*cmr_llm + beta*cmr_connector + reg_weight*regulariser)");
        Table(o, [["term", "value"], .. d.FinalLossTerms.Select(t => new[] { t.Key, t.Value.ToString("G6", c) })], header: true);
        o.WriteLine();
        o.WriteLine("Notes");
        Table(o, d.Notes.Select(n => new[] { n.Key, n.Value }).ToList());
        if (d.CmrGradientRatio is { } ratio)
        {
            o.WriteLine();
            o.WriteLine($"CMR strength: ||alpha grad L_CMR|| / ||grad L_task|| on the CMR modules = {ratio.ToString("G4", c)} (mean over the steps; last step {d.Notes.GetValueOrDefault("cmr_grad_ratio_last", "?")}). " +
                "Well below 0.1 the task gradient dominates and alpha barely matters; above 1 the CMR dominates.");
        }
        var overlaps = d.MaskInitialOverlapA;
        o.WriteLine();
        o.WriteLine("Adapter density (fraction of non-zeros) vs Theorem 3.1 E[d_BA] = 1 - (1 - d_A d_B)^r from the measured d_A, d_B" +
            (overlaps.Count > 0 ? $"; A~init: share of A's mask that is the top-k of A's initial values (1 = not learnt, chance {s.DensityA.ToString("F2", c)})" : ""));
        var densityRows = new List<string[]>();
        string[] header = ["module", "d_A", "d_B", "d_BA", "E[d_BA]"];
        densityRows.Add(overlaps.Count > 0 ? [.. header, "A~init"] : header);
        foreach (var m in d.Densities)
        {
            string[] cells = [ShortName(m.Module), m.DensityA.ToString("F4", c), m.DensityB.ToString("F4", c), m.DensityBA.ToString("F4", c), m.ExpectedDensityBA.ToString("F4", c)];
            densityRows.Add(overlaps.Count > 0 ? [.. cells, overlaps.TryGetValue(m.Module, out var v) ? v.ToString("F3", c) : "-"] : cells);
        }
        Table(o, densityRows, header: true);
    }

    /// <summary>"language_model.model.layers.2.self_attn.q_proj" -> "layers.2.q_proj".</summary>
    private static string ShortName(string module)
    {
        var parts = module.Split('.');
        var layers = Array.IndexOf(parts, "layers");
        return layers >= 0 && layers + 1 < parts.Length ? $"layers.{parts[layers + 1]}.{parts[^1]}" : module;
    }

    private static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    private static string Signed(double v) => v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    private static void Table(TextWriter o, IReadOnlyList<string[]> rows, bool header = false, int summaryFrom = -1)
    {
        var widths = Enumerable.Range(0, rows.Max(r => r.Length)).Select(i => rows.Max(r => i < r.Length ? r[i].Length : 0)).ToArray();
        var first = rows[0].Length > 2 || header;
        for (var r = 0; r < rows.Count; r++)
        {
            if (r == summaryFrom) o.WriteLine("  " + new string('-', widths.Sum() + 2 * (widths.Length - 1)));
            // Key/value tables read best left-aligned; numeric tables right-align their numbers.
            var cells = rows[r].Select((cell, i) => i == 0 || !first ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            o.WriteLine("  " + string.Join("  ", cells).TrimEnd());
            if (r == 0 && first) o.WriteLine("  " + new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        }
    }
}
