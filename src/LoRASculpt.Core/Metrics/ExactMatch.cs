using System.Text;

namespace LoRASculpt.Core.Metrics;

/// <summary>
/// 1 when the prediction matches any reference exactly up to case, surrounding punctuation and whitespace, else 0
/// (OCR-VQA, IconQA, GQA style). As in those tasks' official scripts, the words themselves must match: no article
/// dropping and no number words (the VQA normaliser's rules, which would make the option list "A B" equal "B" and
/// "the two" equal "2"), so a multiple-choice answer scores only when it is exactly the right letter.
/// </summary>
public static class ExactMatch
{
    public static double Score(string prediction, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        MetricArguments.RequireReferences(references);
        var normalized = Normalize(prediction);
        return references.Any(r => Normalize(r) == normalized) ? 1.0 : 0.0;
    }

    /// <summary>Lower case (invariant), punctuation and whitespace trimmed from both ends, inner whitespace runs as one space.</summary>
    public static string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = answer.ToLowerInvariant().AsSpan();
        static bool Trimmed(char c) => char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c);
        var start = 0;
        var end = text.Length;
        while (start < end && Trimmed(text[start])) start++;
        while (end > start && Trimmed(text[end - 1])) end--;
        var builder = new StringBuilder(end - start);
        var space = false;
        foreach (var c in text[start..end])
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space) builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        return builder.ToString();
    }
}
