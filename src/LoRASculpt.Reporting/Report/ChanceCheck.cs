namespace LoRASculpt.Reporting.Report;

/// <summary>
/// Grid points whose mean Target is below the chance level of a multiple-choice target, each with the share of its
/// answers that were an option letter (guessing reaches chance only when every answer is a letter).
/// </summary>
public static class ChanceCheck
{
    public sealed record Flag(ReplicateGroup Point, double TargetMean, double? OptionLetterShare);

    public static IReadOnlyList<Flag> BelowChance(IReadOnlyList<ReplicateGroup> groups, double chancePercent) =>
    [
        .. groups.Where(g => g.Target is { } t && t.Mean < chancePercent)
            .Select(g => new Flag(g, g.Target!.Value.Mean, PointDiagnostics.MeanNote(g, PointDiagnostics.OptionLetterShare))),
    ];
}
