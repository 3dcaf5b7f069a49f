using System.Text;

namespace LoRASculpt.Core.Metrics;

/// <summary>
/// Caption tokenisation for CIDEr-D: lower case, every punctuation or symbol character becomes a space,
/// split on whitespace. (coco-caption runs the PTB tokenizer and drops punctuation tokens; for the plain
/// captions of this benchmark the result is the same.) Articles are kept: CIDEr's idf weighting handles them.
/// </summary>
public static class CaptionTokenizer
{
    public static string[] Tokenize(string caption)
    {
        ArgumentNullException.ThrowIfNull(caption);
        var builder = new StringBuilder(caption.Length);
        foreach (var c in caption.ToLowerInvariant())
            builder.Append(char.IsPunctuation(c) || char.IsSymbol(c) ? ' ' : c);
        return builder.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }
}
