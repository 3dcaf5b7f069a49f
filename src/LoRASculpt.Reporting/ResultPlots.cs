using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Scoring;
using ScottPlot;

namespace LoRASculpt.Reporting;

/// <summary>
/// PNG plots of a sweep's results (ScottPlot on Skia, headless):
/// for each numeric swept parameter, Source, Target and Avg against it (one line per method, log x when the
/// values span two decades or more, mean over the other swept parameters, methods the parameter does not
/// apply to drawn as dashed reference lines); Source against Target with the Pareto front; and, when trials
/// measured them, their forgetting curves (<see cref="ForgettingCurvePlot"/>).
/// </summary>
public static class ResultPlots
{
    private const int PanelWidth = 520;
    private const int Height = 440;

    /// <summary>Writes every plot the results allow into <paramref name="directory"/>; returns the file paths.</summary>
    public static IReadOnlyList<string> WriteAll(SweepResults results, string directory, string filePrefix = "")
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var axis in NumericAxes(results))
        {
            var path = Path.Combine(directory, $"{filePrefix}scores-vs-{axis}.png");
            WriteScoresAgainst(results, axis, path);
            written.Add(path);
        }

        if (results.Rows.Any(TradeOffPoints.IsPlottable))
        {
            var path = Path.Combine(directory, $"{filePrefix}source-vs-target.png");
            WriteSourceVsTarget(results, path);
            written.Add(path);
        }

        if (results.Rows.Any(r => r.Curve.Length > 0))
        {
            var path = Path.Combine(directory, $"{filePrefix}forgetting-curves.png");
            ForgettingCurvePlot.Write(results, path);
            written.Add(path);
        }

        return written;
    }

    /// <summary>Swept parameters whose every value is a number (alpha, beta, lr, ...; not connector or module lists).</summary>
    /// <remarks>Never the seed: seeds are replicates, shown as error bars.</remarks>
    public static IReadOnlyList<string> NumericAxes(SweepResults results) =>
        ReplicateGroups.KnobAxes(results).Where(axis =>
        {
            var values = results.Rows.Select(r => r.SweptValues.GetValueOrDefault(axis)).OfType<string>().ToArray();
            return values.Length > 0 && values.All(v => TryNumber(v, out _));
        }).ToArray();

    /// <summary>Three panels (Source, Target, Avg) against <paramref name="axis"/>.</summary>
    public static void WriteScoresAgainst(SweepResults results, string axis, string path)
    {
        var scored = results.Rows.Where(TradeOffPoints.IsPlottable).ToArray();
        var replicated = ReplicateGroups.HasReplicates(results);
        var xs = scored.Select(r => r.SweptValues.GetValueOrDefault(axis)).OfType<string>()
            .Select(v => Number(v)).Distinct().Order().ToArray();
        var logX = xs.Length > 1 && xs[0] > 0 && xs[^1] / xs[0] >= 100;
        double Position(double x) => logX ? Math.Log10(x) : x;

        // A new Multiplot starts with one empty subplot: make it hold exactly the three panels.
        var multiplot = new Multiplot();
        while (multiplot.Count() < 3)
        {
            multiplot.AddPlot();
        }

        var panel = 0;
        var methods = scored.Select(r => r.Method).Distinct().ToArray();
        foreach (var metric in new[] { ResultMetric.Source, ResultMetric.Target, ResultMetric.Avg })
        {
            var plot = multiplot.GetPlot(panel++);
            plot.Title(metric.ToString());
            plot.XLabel(logX ? $"{axis} (log scale)" : axis);
            plot.YLabel($"{metric} score");
            for (var m = 0; m < methods.Length; m++)
            {
                var color = Palette(m);
                var rows = scored.Where(r => r.Method == methods[m]).ToArray();
                var withAxis = rows.Where(r => r.SweptValues.ContainsKey(axis))
                    .GroupBy(r => Number(r.SweptValues[axis]))
                    .OrderBy(g => g.Key)
                    .ToArray();
                if (withAxis.Length > 0)
                {
                    var positions = withAxis.Select(g => Position(g.Key)).ToArray();
                    var stats = withAxis.Select(g => Core.Scoring.ReplicateStatistics.Of(g.Select(r => ResultsReport.Score(r.Result!, metric)))).ToArray();
                    var line = plot.Add.Scatter(positions, stats.Select(s => s.Mean).ToArray(), color);
                    line.LegendText = methods[m];
                    line.LineWidth = 2;
                    line.MarkerSize = 8;
                    if (replicated)
                    {
                        // The spread of the runs averaged at each x: the seeds' (and any other swept axes').
                        var bars = plot.Add.ErrorBar(positions, stats.Select(s => s.Mean).ToArray(), stats.Select(s => s.Std).ToArray());
                        bars.Color = color;
                    }
                }
                else
                {
                    // The parameter does not apply to this method (e.g. alpha for plain LoRA): a reference line.
                    var reference = plot.Add.HorizontalLine(rows.Average(r => ResultsReport.Score(r.Result!, metric)), 2, color, LinePattern.Dashed);
                    reference.LegendText = $"{methods[m]} ({axis} n/a)";
                }
            }

            if (xs.Length > 0)
            {
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                    xs.Select(Position).ToArray(), xs.Select(x => ResultFormat.Display(x.ToString("R", CultureInfo.InvariantCulture))).ToArray());
            }

            plot.ShowLegend(Alignment.LowerLeft);
        }

        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.SavePng(path, PanelWidth * 3, Height);
    }

    /// <summary>Source (x) against Target (y), one colour per method, with the Pareto front drawn and its points labelled.</summary>
    public static void WriteSourceVsTarget(SweepResults results, string path)
    {
        // With seeds, a point is a grid point at its seeds' means (so the front is the means' front).
        var scored = TradeOffPoints.Of(results);
        var plot = new Plot();
        plot.Title($"{results.Name}: Source vs Target");
        plot.XLabel("Source (mean over source tasks)");
        plot.YLabel("Target");
        var methods = scored.Select(r => r.Method).Distinct().ToArray();
        for (var m = 0; m < methods.Length; m++)
        {
            var rows = scored.Where(r => r.Method == methods[m]).ToArray();
            var points = plot.Add.ScatterPoints(rows.Select(r => r.Result!.Source).ToArray(), rows.Select(r => r.Result!.Target).ToArray(), Palette(m));
            points.LegendText = methods[m];
            points.MarkerSize = 9;
        }

        var front = ParetoFront.Compute(scored, r => r.Result!.Source, r => r.Result!.Target);
        if (front.Count > 0)
        {
            var line = plot.Add.Scatter(front.Select(r => r.Result!.Source).ToArray(), front.Select(r => r.Result!.Target).ToArray(), Colors.Black);
            line.LegendText = "Pareto front";
            line.LinePattern = LinePattern.Dashed;
            line.MarkerSize = 14;
            line.MarkerShape = MarkerShape.OpenCircle;
            foreach (var row in front)
            {
                var label = plot.Add.Text(Label(row), row.Result!.Source, row.Result!.Target);
                label.LabelFontSize = 11;
                label.LabelOffsetX = 8;
                label.LabelOffsetY = -8;
            }
        }

        // Room on the right for the labels of the front's last points.
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.SetLimitsX(limits.Left, limits.Right + 0.35 * Math.Max(limits.Right - limits.Left, 1));
        plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, 760, 560);
    }

    internal static string Label(SweepResultRow row) =>
        row.SweptValues.Count == 0
            ? row.Method
            : $"{row.Method} {string.Join(" ", row.SweptValues.Select(p => $"{p.Key}={ResultFormat.Display(p.Value)}"))}";

    internal static Color Palette(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
