using System.Text;

namespace LoRASculpt.Core.Metrics;

/// <summary>
/// VQA-style answer normalisation, applied to predictions and references alike before comparing them.
/// Steps, in order:
/// <list type="number">
/// <item>lower case (invariant culture) and trim;</item>
/// <item>punctuation: a ',' between two digits is dropped ("1,000" -> "1000"), a '.' between two digits is
///   kept ("3.5"), an apostrophe is dropped ("don't" -> "dont"), every other punctuation or symbol character
///   becomes a space ("red-box" -> "red box");</item>
/// <item>the articles "a", "an" and "the" are removed as whole words, unless the answer is nothing but articles:
///   multiple-choice answers are letters, and "A" must stay "a" rather than become "" (which would equal an empty
///   prediction);</item>
/// <item>number words become digits: "none" and "zero".."twenty" (the official VQA map stops at "ten";
///   counting tasks here go further, and a superset changes nothing for answers the official map covers);</item>
/// <item>runs of whitespace collapse to one space.</item>
/// </list>
/// The official evaluation script also expands contractions ("dont" -> "don't"); dropping apostrophes on both
/// sides reaches the same equivalence without a contraction table.
/// </summary>
public static class AnswerNormalizer
{
    private static readonly HashSet<string> Articles = ["a", "an", "the"];

    private static readonly Dictionary<string, string> NumberWords = new()
    {
        ["none"] = "0", ["zero"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4",
        ["five"] = "5", ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10",
        ["eleven"] = "11", ["twelve"] = "12", ["thirteen"] = "13", ["fourteen"] = "14", ["fifteen"] = "15",
        ["sixteen"] = "16", ["seventeen"] = "17", ["eighteen"] = "18", ["nineteen"] = "19", ["twenty"] = "20",
    };

    public static string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = StripPunctuation(answer.Trim().ToLowerInvariant());
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var content = words.Where(w => !Articles.Contains(w)).ToArray();
        if (content.Length > 0)
            words = content;
        return string.Join(' ', words.Select(w => NumberWords.TryGetValue(w, out var digits) ? digits : w));
    }

    private static string StripPunctuation(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsPunctuation(c) && !char.IsSymbol(c))
            {
                builder.Append(c);
                continue;
            }
            var betweenDigits = i > 0 && i < text.Length - 1 && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1]);
            if (c == '.' && betweenDigits)
                builder.Append(c);
            else if ((c == ',' && betweenDigits) || c is '\'' or '\u2019')
                continue;
            else
                builder.Append(' ');
        }
        return builder.ToString();
    }
}
