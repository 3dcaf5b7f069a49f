using System.Text;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Reporting.Report;

/// <summary>
/// One report section as Markdown: a row per grid point with Source, Target and Avg as mean ± std (n)
/// (<see cref="ReplicateRows"/>), the diagnostics that apply to some point, the knob-effect line and, on a
/// multiple-choice target, the below-chance check.
/// </summary>
public static class SectionTable
{
    private static readonly (string Header, Func<ReplicateGroup, double?> Value)[] Diagnostics =
    [
        ("cmr_grad_ratio", g => PointDiagnostics.MeanNote(g, PointDiagnostics.CmrGradRatio)),
        ("A mask ∩ initial top-k", g => PointDiagnostics.MeanNote(g, PointDiagnostics.MaskInitOverlap)),
        ("A mask chance", g => PointDiagnostics.MeanNote(g, PointDiagnostics.MaskInitOverlapChance)),
        ("option-letter answers", g => PointDiagnostics.MeanNote(g, PointDiagnostics.OptionLetterShare)),
        ("β·L_con / L_task", PointDiagnostics.BetaShare),
    ];

    public static string Render(ReportSection section)
    {
        var groups = ReplicateGroups.Of(section.Results);
        var axes = ReplicateGroups.KnobAxes(section.Results);
        var diagnostics = Diagnostics.Where(d => groups.Any(g => d.Value(g) is not null)).ToArray();
        var withNotes = groups.Any(g => ReplicateRows.Note(g).Length > 0);
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", [.. axes, "method", "Source", "Target", "Avg", .. diagnostics.Select(d => d.Header), .. withNotes ? new[] { "notes" } : []]).Append(" |\n");
        text.Append('|').AppendJoin('|', [.. axes.Select(_ => "---"), "---", "---:", "---:", "---:", .. diagnostics.Select(_ => "---:"), .. withNotes ? new[] { "---" } : []]).Append("|\n");
        foreach (var group in groups)
        {
            var cells = new List<string>();
            cells.AddRange(axes.Select(axis => group.Values.TryGetValue(axis, out var v) ? ResultFormat.Display(v) : ResultFormat.NotApplicable));
            cells.Add(group.Method);
            cells.AddRange(ReplicateRows.Scores.Select(m => ReplicateRows.Cell(group, m)));
            cells.AddRange(diagnostics.Select(d => PointDiagnostics.Format(d.Value(group))));
            if (withNotes)
            {
                cells.Add(ReplicateRows.Note(group));
            }

            text.Append("| ").AppendJoin(" | ", cells.Select(c => c.Replace("|", "\\|"))).Append(" |\n");
        }

        text.Append('\n').Append(ReplicateRows.Caption(groups)).Append(".\n\n");
        text.Append(EffectLine(groups)).Append('\n');
        if (section.ChancePercent is { } chance)
        {
            text.Append('\n').Append(ChanceLine(groups, chance)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>"Knob effect: Source moves (...); Target does not move (...)." computed by <see cref="KnobEffect"/>.</summary>
    public static string EffectLine(IReadOnlyList<ReplicateGroup> groups)
    {
        var parts = new[] { ResultMetric.Source, ResultMetric.Target }.Select(metric => KnobEffect.Largest(groups, metric) switch
        {
            null => $"{metric}: fewer than two scored points",
            { } e => $"{metric} {(e.Moves ? "**moves**" : "does not move")}: {ResultFormat.Score(e.Difference)} between `{e.Low.Key}` and `{e.High.Key}` " +
                $"{(e.Moves ? ">" : "≤")} larger std {ResultFormat.Score(e.Spread)}",
        });
        var line = $"Knob effect: {string.Join("; ", parts)}.";
        var effects = new[] { ResultMetric.Source, ResultMetric.Target }.Select(m => KnobEffect.Largest(groups, m)).ToArray();
        if (effects.All(e => e is { Moves: false }))
        {
            // What the knob did to training, so a reader can tell a knob too weak to act from one that acts without effect.
            var ranges = Diagnostics.Select(d => (d.Header, Values: groups.Select(d.Value).OfType<double>().ToArray()))
                .Where(d => d.Values.Length > 0)
                .Select(d => $"{d.Header} {PointDiagnostics.Format(d.Values.Min())} to {PointDiagnostics.Format(d.Values.Max())}");
            line += $" Neither score moves beyond the seeds' spread; over the grid the diagnostics range: {string.Join("; ", ranges.DefaultIfEmpty("none recorded"))}.";
        }

        return line;
    }

    /// <summary>The points whose mean Target is below chance, each with its share of option-letter answers.</summary>
    public static string ChanceLine(IReadOnlyList<ReplicateGroup> groups, double chancePercent)
    {
        var flags = ChanceCheck.BelowChance(groups, chancePercent);
        var chance = chancePercent.ToString("G3", System.Globalization.CultureInfo.InvariantCulture) + " %";
        if (flags.Count == 0)
        {
            return $"Below chance ({chance}): none.";
        }

        var listed = flags.Select(f => $"`{f.Point.Key}` Target {ResultFormat.Score(f.TargetMean)}, " +
            (f.OptionLetterShare is { } share ? $"{ResultFormat.Score(share * 100)} % of its answers an option letter" : "option-letter share not recorded"));
        return $"**Below chance ({chance})**: {string.Join("; ", listed)}. Only an option letter can be right, so a point that answers " +
            "something else part of the time scores below the 1-in-4 of guessing letters.";
    }
}
