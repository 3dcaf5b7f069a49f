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
    public void Rows_need_one_image_token_or_one_per_feature()
    {
        const long I = SpecialTokens.ImageId;
        Assert.Throws<ArgumentException>(() => ImageTokenSplicer.Plan([1, 5, 6], 1, 3, 2));
        // Two tokens for three features: neither form.
        Assert.Throws<ArgumentException>(() => ImageTokenSplicer.Plan([I, I, 5], 1, 3, 3));
        // Three tokens for three features, but not consecutive.
        Assert.Throws<ArgumentException>(() => ImageTokenSplicer.Plan([I, I, 5, I], 1, 4, 3));
        // One row in each form.
        Assert.Throws<ArgumentException>(() => ImageTokenSplicer.Plan([I, 5, 6, I, I, 6], 2, 3, 2));
    }

    [Fact]
    public void Expanded_image_tokens_are_replaced_in_place()
    {
        // llava-hf prompts carry one <image> per feature (id 32000 here): row 0 at columns 1-2, row 1 (left padded) at 2-3.
        const long I = 32000;
        long[] ids = [1, I, I, 10, 0, 1, I, I];
        var (source, textIndex) = ImageTokenSplicer.Plan(ids, batch: 2, length: 4, imageTokens: 2, imageTokenId: I);
        Assert.Equal([0L, 4, 5, 3, 0, 1, 4, 5], source);
        Assert.Equal([0, -1, -1, 3, 0, 1, -1, -1], textIndex);
    }
}
