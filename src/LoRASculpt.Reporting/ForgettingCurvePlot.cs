using LoRASculpt.Contracts.Sweeps;
using ScottPlot;

namespace LoRASculpt.Reporting;

/// <summary>
/// forgetting-curves.png: Source and Target on the curve slice against the training step, one panel each, one line
/// per trial that measured a curve (labelled by method and swept values), so forgetting and learning show side by side.
/// </summary>
public static class ForgettingCurvePlot
{
    private const int PanelWidth = 620;
    private const int Height = 460;

    public static void Write(SweepResults results, string path)
    {
        var rows = results.Rows.Where(r => r.Curve.Length > 0).ToArray();
        var multiplot = new Multiplot();
        while (multiplot.Count() < 2)
        {
            multiplot.AddPlot();
        }

        var panels = new (string Title, Func<Contracts.Trials.CurvePoint, double> Score)[]
        {
            ("Source (held-out slice)", p => p.Source),
            ("Target (held-out slice)", p => p.Target),
        };
        for (var panel = 0; panel < panels.Length; panel++)
        {
            var plot = multiplot.GetPlot(panel);
            plot.Title($"{results.Name}: {panels[panel].Title}");
            plot.XLabel("training step");
            plot.YLabel("score");
            for (var i = 0; i < rows.Length; i++)
            {
                var points = rows[i].Curve.Where(p => double.IsFinite(panels[panel].Score(p))).ToArray();
                if (points.Length == 0)
                {
                    continue;
                }

                var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(panels[panel].Score).ToArray(), ResultPlots.Palette(i));
                line.LegendText = ResultPlots.Label(rows[i]);
                line.LineWidth = 2;
                line.MarkerSize = 5;
            }

            plot.ShowLegend(Alignment.LowerLeft);
        }

        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.SavePng(path, PanelWidth * 2, Height);
    }
}
