using System.Globalization;
using System.Text;

namespace LoRASculpt.Reporting.Report;

/// <summary>
/// The report's README.md: a header saying how it was made (command, suite version, base model, machine, date,
/// wall time), how to read it, then per target task each section's table (<see cref="SectionTable"/>) and plots.
/// </summary>
public static class ReportMarkdown
{
    private const string ThreadsNote = "threads";

    public static string Render(ReportHeader header, IReadOnlyList<ReportSection> sections)
    {
        var text = new StringBuilder();
        text.Append("# LoRASculpt: paper-style report\n\n");
        text.Append("```\n").Append(header.Command).Append("\n```\n\n");
        text.Append("| | |\n|---|---|\n");
        Row(text, "suite version", Join(sections.SelectMany(s => s.Results.Rows).Where(ResultsReport.IsScored).Select(r => r.Result!.SuiteVersion)));
        Row(text, "base model", header.BaseModel + (header.BaseModelSha256 is { } sha ? $" (shipped weights, SHA-256 {sha})" : " (not a shipped file)"));
        Row(text, "machine", $"{header.Cpu}, {header.Cores} cores, torch threads per trial {Join(Notes(sections, ThreadsNote))}, {header.OperatingSystem}");
        Row(text, "date", header.Started.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        Row(text, "wall time", $"{Duration(header.WallTime)} (load average 1/5/15 min: {header.LoadAtStart} at start, {header.LoadAtEnd} at end)");
        var trials = sections.SelectMany(s => s.Results.Rows).Where(ResultsReport.IsScored).DistinctBy(r => r.TrialId).ToArray();
        Row(text, "trial time", $"{Duration(TimeSpan.FromTicks(trials.Sum(r => (r.Result!.TrainingTime + r.Result.EvaluationTime).Ticks)))} " +
            $"summed over {trials.Length} distinct trials (training + evaluation; a trial shared by sections runs once)");
        text.Append('\n');
        foreach (var note in header.Notes)
        {
            text.Append("- ").Append(note).Append('\n');
        }

        text.Append("- Scores are percentages, and CIDEr-D x 100 for scene-captions (which can exceed 100: CIDEr-D runs to 10): Source is the mean over the four source tasks, Target the target task, Avg their mean; ")
            .Append("each cell is mean ± std (n) over seeds (sample std).\n");
        text.Append("- Knob effect, computed per section: ").Append(KnobEffect.Rule).Append(".\n");
        text.Append("- Diagnostics are means over seeds: `cmr_grad_ratio` = ||alpha ∇L_CMR|| / ||∇L_task|| on the q/k/v adapters (alpha's real strength); ")
            .Append("`A mask ∩ initial top-k` = share of A's mask that is the top-k of A's initial values (chance = the density); ")
            .Append("`option-letter answers` = share of icon-mc answers that are a letter A-D; `β·L_con / L_task` = the connector term's weight against the task loss at the last step.\n");
        foreach (var target in sections.Select(s => s.Target).Distinct(StringComparer.Ordinal))
        {
            text.Append("\n## Target: ").Append(target).Append('\n');
            foreach (var section in sections.Where(s => s.Target == target))
            {
                text.Append("\n### ").Append(section.Title).Append("\n\n");
                text.Append(SectionTable.Render(section));
                text.Append("\nPer-trial CSV/JSON: [`").Append(section.ResultsFolder).Append("/`](").Append(section.ResultsFolder).Append(").");
                foreach (var plot in section.Plots)
                {
                    text.Append("\n\n![").Append(section.Name).Append(' ').Append(target).Append(": ").Append(Path.GetFileNameWithoutExtension(plot)).Append("](").Append(plot).Append(')');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>"1 h 02 min 05 s", "3 min 07 s", "12 s".</summary>
    public static string Duration(TimeSpan duration)
    {
        var seconds = (long)Math.Round(duration.TotalSeconds, MidpointRounding.AwayFromZero);
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return h > 0 ? $"{h} h {m:00} min {s:00} s" : m > 0 ? $"{m} min {s:00} s" : $"{s} s";
    }

    private static IEnumerable<string> Notes(IReadOnlyList<ReportSection> sections, string note) =>
        sections.SelectMany(s => s.Results.Rows).Where(ResultsReport.IsScored)
            .Select(r => r.Result!.Diagnostics.Notes.GetValueOrDefault(note)).OfType<string>();

    private static string Join(IEnumerable<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return distinct.Length == 0 ? ResultFormat.NotApplicable : string.Join(", ", distinct);
    }

    private static void Row(StringBuilder text, string name, string value) => text.Append("| ").Append(name).Append(" | ").Append(value.Replace("|", "\\|")).Append(" |\n");
}
