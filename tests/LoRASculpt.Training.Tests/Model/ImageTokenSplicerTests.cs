using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Model;

public sealed class ImageTokenSplicerTests
{
    [Fact]
    public void Image_token_expands_into_feature_slots_per_row()
    {
        const long I = SpecialTokens.ImageId;
        // Row 0: image at column 1; row 1 (left padded): image at column 2. T = 4, N = 2 -> 5 expanded positions.
        long[] ids = [1, I, 10, 11, 0, 1, I, 10];
        var (source, textIndex) = ImageTokenSplicer.Plan(ids, batch: 2, length: 4, imageTokens: 2);
        // Sources index cat([text(4), image(2)]): image slot k is 4 + k.
        Assert.Equal([0L, 4, 5, 2, 3, 0, 1, 4, 5, 3], source);
        Assert.Equal([0, -1, -1, 2, 3, 0, 1, -1, -1, 3], textIndex);
    }

    [Fact]
    public void Rows_need_exactly_one_image_token()
    {
        Assert.Throws<ArgumentException>(() => ImageTokenSplicer.Plan([1, 5, 6], 1, 3, 2));
        Assert.Throws<ArgumentException>(() => ImageTokenSplicer.Plan([SpecialTokens.ImageId, SpecialTokens.ImageId], 1, 2, 2));
    }
}
