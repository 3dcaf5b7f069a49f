using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Model;

/// <summary>
/// Index arithmetic for putting N image features into each row, in one of two prompt forms (every row of a batch alike):
/// <list type="bullet">
/// <item>one &lt;image&gt; token: positions before it keep their index, it becomes N feature slots, later text shifts
///   by N-1 (the original LLaVA code and today's built-in prompts);</item>
/// <item>N consecutive &lt;image&gt; tokens (llava-hf processors expand the prompt): feature k replaces the k-th token in
///   place and the length does not change.</item>
/// </list>
/// Works for left- and right-padded rows alike (the image may sit at a different column in each row).
/// </summary>
public static class ImageTokenSplicer
{
    /// <summary>
    /// For expanded position j of row b: the source index into cat([text (T), image (N)]) and the text index it came
    /// from (-1 for image slots); the expanded length is TextIndex.Length / batch. Throws unless every row has one
    /// &lt;image&gt; token, or every row has exactly N consecutive ones.
    /// </summary>
    public static (long[] Source, int[] TextIndex) Plan(long[] inputIds, int batch, int length, int imageTokens, long imageTokenId = SpecialTokens.ImageId)
    {
        var starts = new int[batch];
        var counts = new int[batch];
        for (var b = 0; b < batch; b++)
        {
            var (start, count) = (-1, 0);
            for (var t = 0; t < length; t++)
            {
                if (inputIds[b * length + t] != imageTokenId) continue;
                if (start < 0) start = t;
                else if (t != start + count) throw new ArgumentException($"Row {b}'s <image> tokens are not consecutive.");
                count++;
            }
            if (count == 0) throw new ArgumentException($"Row {b} has no <image> token.");
            if (count != 1 && count != imageTokens)
                throw new ArgumentException($"Row {b} has {count} <image> tokens: expected 1 or {imageTokens} (one per image feature).");
            (starts[b], counts[b]) = (start, count);
        }
        var expandedForm = counts[0] == imageTokens && imageTokens > 1;
        if (counts.Any(c => (c == imageTokens && imageTokens > 1) != expandedForm))
            throw new ArgumentException("Rows mix the one-token and the expanded <image> forms.");
        return expandedForm ? InPlace(batch, length, starts, imageTokens) : Expand(batch, length, starts, imageTokens);
    }

    private static (long[] Source, int[] TextIndex) Expand(int batch, int length, int[] starts, int imageTokens)
    {
        var expanded = length + imageTokens - 1;
        var source = new long[batch * expanded];
        var textIndex = new int[batch * expanded];
        for (var b = 0; b < batch; b++)
        {
            var position = starts[b];
            for (var j = 0; j < expanded; j++)
            {
                var o = b * expanded + j;
                if (j < position) (source[o], textIndex[o]) = (j, j);
                else if (j < position + imageTokens) (source[o], textIndex[o]) = (length + j - position, -1);
                else (source[o], textIndex[o]) = (j - imageTokens + 1, j - imageTokens + 1);
            }
        }
        return (source, textIndex);
    }

    private static (long[] Source, int[] TextIndex) InPlace(int batch, int length, int[] starts, int imageTokens)
    {
        var source = new long[batch * length];
        var textIndex = new int[batch * length];
        for (var b = 0; b < batch; b++)
        for (var j = 0; j < length; j++)
        {
            var o = b * length + j;
            var k = j - starts[b];
            (source[o], textIndex[o]) = k >= 0 && k < imageTokens ? (length + k, -1) : (j, j);
        }
        return (source, textIndex);
    }
}
