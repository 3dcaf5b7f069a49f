namespace LoRASculpt.Core.Metrics;

/// <summary>Term frequencies of the 1..4-grams of one caption, n-grams keyed by their space-joined tokens.</summary>
internal sealed class NGramCounts
{
    private NGramCounts(Dictionary<string, int>[] all, int bigramCount)
    {
        All = all;
        BigramCount = bigramCount;
    }

    /// <summary>All[n - 1] holds the n-grams.</summary>
    public Dictionary<string, int>[] All { get; }

    /// <summary>cider_scorer.py's "length": it counts bigrams, not words.</summary>
    public int BigramCount { get; }

    public static NGramCounts Of(string caption)
    {
        var tokens = CaptionTokenizer.Tokenize(caption);
        var all = new Dictionary<string, int>[CiderD.MaxN];
        for (var n = 1; n <= CiderD.MaxN; n++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var start = 0; start + n <= tokens.Length; start++)
            {
                var gram = string.Join(' ', tokens, start, n);
                counts[gram] = counts.GetValueOrDefault(gram) + 1;
            }
            all[n - 1] = counts;
        }
        return new NGramCounts(all, Math.Max(0, tokens.Length - 1));
    }
}
