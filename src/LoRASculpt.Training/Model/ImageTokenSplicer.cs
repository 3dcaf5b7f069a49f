using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Model;

/// <summary>
/// Index arithmetic for replacing each row's single &lt;image&gt; token with N image features:
/// text positions before the token keep their index, the token becomes N feature slots, later text shifts by N-1.
/// Works for left- and right-padded rows alike (the token may sit at a different column in each row).
/// </summary>
public static class ImageTokenSplicer
{
    /// <summary>
    /// For expanded position j of row b: the source index into cat([text (T), image (N)]), whether it is an image slot,
    /// and the text index it came from (-1 for image slots). Throws unless every row has exactly one &lt;image&gt; token.
    /// </summary>
    public static (long[] Source, int[] TextIndex) Plan(long[] inputIds, int batch, int length, int imageTokens)
    {
        var expanded = length + imageTokens - 1;
        var source = new long[batch * expanded];
        var textIndex = new int[batch * expanded];
        for (var b = 0; b < batch; b++)
        {
            var position = -1;
            for (var t = 0; t < length; t++)
            {
                if (inputIds[b * length + t] != SpecialTokens.ImageId) continue;
                if (position >= 0) throw new ArgumentException($"Row {b} has more than one <image> token.");
                position = t;
            }
            if (position < 0) throw new ArgumentException($"Row {b} has no <image> token.");
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
}
