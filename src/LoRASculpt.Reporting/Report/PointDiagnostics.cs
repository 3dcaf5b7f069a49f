using System.Globalization;

namespace LoRASculpt.Reporting.Report;

/// <summary>
/// The per-trial diagnostics a report shows next to a grid point, averaged over its completed seeds: alpha's strength
/// (the CMR/task gradient ratio), how much of A's mask is A's initial top-k, the share of option-letter answers on the
/// multiple-choice target, and beta's weighted connector term relative to the task loss at the end of training.
/// </summary>
public static class PointDiagnostics
{
    public const string CmrGradRatio = "cmr_grad_ratio";
    public const string MaskInitOverlap = "mask_init_overlap_a";
    public const string MaskInitOverlapChance = "mask_init_overlap_a_chance";
    public const string OptionLetterShare = "option_letter_share";

    private const string BetaAxis = "beta";
    private const string TaskLoss = "task";
    private const string ConnectorLoss = "cmr_connector";

    /// <summary>The mean of a numeric note over the completed seeds that recorded it, or null when none did.</summary>
    public static double? MeanNote(ReplicateGroup group, string note)
    {
        var values = Completed(group)
            .Select(r => r.Diagnostics.Notes.TryGetValue(note, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null)
            .OfType<double>().ToArray();
        return values.Length == 0 ? null : values.Average();
    }

    /// <summary>beta x L_con / L_task at the last step, mean over seeds; null without a beta value or both loss terms.</summary>
    public static double? BetaShare(ReplicateGroup group)
    {
        if (!group.Values.TryGetValue(BetaAxis, out var betaText) || !double.TryParse(betaText, NumberStyles.Float, CultureInfo.InvariantCulture, out var beta))
        {
            return null;
        }

        var values = Completed(group)
            .Select(r => r.Diagnostics.FinalLossTerms.TryGetValue(ConnectorLoss, out var con) && r.Diagnostics.FinalLossTerms.TryGetValue(TaskLoss, out var task) && task > 0
                ? beta * con / task
                : (double?)null)
            .OfType<double>().ToArray();
        return values.Length == 0 ? null : values.Average();
    }

    /// <summary>Three significant digits, or "—" when absent.</summary>
    public static string Format(double? value) =>
        value is { } v ? v.ToString("G3", CultureInfo.InvariantCulture) : ResultFormat.NotApplicable;

    private static IEnumerable<LoRASculpt.Contracts.Trials.TrialResult> Completed(ReplicateGroup group) =>
        group.Rows.Where(ResultsReport.IsScored).Select(r => r.Result!);
}
