using LoRASculpt.Core.Metrics;

namespace LoRASculpt.Core.Scoring;

/// <summary>
/// Why a multiple-choice score can fall below chance: only an answer that is exactly one option letter can be right,
/// and the 1-in-k chance level is that of a model that always answers one. This is the share of predictions that are
/// an option letter (after exact match's normalisation); a score below chance with a share well under 1 means the
/// model often answers something else, which scores 0.
/// </summary>
public static class OptionLetterShare
{
    /// <summary>The built-in benchmark's multiple-choice target task, answered with one option letter.</summary>
    public const string BenchmarkTask = "icon-mc";

    /// <summary>The trial note that records the share (0-1, 3 decimals) for <see cref="BenchmarkTask"/>.</summary>
    public const string NoteName = "option_letter_share";

    public static double Of(IEnumerable<string> predictions, IReadOnlyCollection<string> letters)
    {
        var normalized = letters.Select(ExactMatch.Normalize).ToHashSet(StringComparer.Ordinal);
        var all = predictions.Select(ExactMatch.Normalize).ToList();
        return all.Count == 0 ? 0 : (double)all.Count(normalized.Contains) / all.Count;
    }
}
