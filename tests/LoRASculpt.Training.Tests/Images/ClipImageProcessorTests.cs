using LoRASculpt.Training.Images;

namespace LoRASculpt.Training.Tests.Images;

public sealed class ClipImageProcessorTests
{
    public static TheoryData<string> Cases => new(ImageFixtures.CaseNames);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pad_and_resize_matches_pil_byte_for_byte(string caseName)
    {
        var c = ImageFixtures.Case(caseName);
        var processor = new ClipImageProcessor(ClipImageProcessorOptions.Parse(c.OptionsJson));

        var resized = processor.PadAndResize(ImageDecoder.Decode(ImageFixtures.PathOf(c.Image)));

        Assert.Equal((c.ExpectedResized.Width, c.ExpectedResized.Height), (resized.Width, resized.Height));
        Assert.Equal(c.ExpectedResized.Pixels, resized.Pixels);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pixel_values_match_the_transformers_pipeline(string caseName)
    {
        var c = ImageFixtures.Case(caseName);
        var processor = new ClipImageProcessor(ClipImageProcessorOptions.Parse(c.OptionsJson));

        var pixels = processor.Preprocess(ImageFixtures.PathOf(c.Image));

        Assert.Equal(c.ExpectedPixels.Shape, pixels.Shape);
        var worst = c.ExpectedPixels.Values.Zip(pixels.Values, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-6, $"largest |difference| {worst}");
    }

    [Fact]
    public void Defaults_are_clip_vit_large_patch14_336_and_pad_with_the_truncated_mean_colour()
    {
        var processor = new ClipImageProcessor(new ClipImageProcessorOptions { PadToSquare = true });
        // tuple(int(x * 255) for x in (0.48145466, 0.4578275, 0.40821073)) = (122, 116, 104)
        Assert.Equal([122, 116, 104], processor.PadColour);

        // A white 640x480 image padded to 640x640 (80 rows of mean colour above and below), resized to 336x336.
        var pixels = processor.Preprocess(RgbImage.Filled(640, 480, 255, 255, 255));
        Assert.Equal([3L, 336, 336], pixels.Shape);
        // Row 0 lies in the top padding band: (122/255 - mean) / std per channel, in float32.
        var expectedRed = ((float)(122 * (1.0 / 255)) - (float)0.48145466) / (float)0.26862954;
        Assert.Equal(expectedRed, pixels.Values[0]);
        // The centre is the white image: (1 - mean) / std.
        var expectedBlueCentre = (1f - (float)0.40821073) / (float)0.27577711;
        Assert.Equal(expectedBlueCentre, pixels.Values[(2 * 336 + 168) * 336 + 168]);
    }

    [Fact]
    public void Batch_tensor_stacks_images_as_b_3_h_w()
    {
        var processor = new ClipImageProcessor(ClipImageProcessorOptions.Parse("""{"size": 8, "crop_size": 8}"""));
        var a = processor.Preprocess(RgbImage.Filled(10, 12, 0, 0, 0));
        var b = processor.Preprocess(RgbImage.Filled(12, 10, 255, 255, 255));

        using var batch = ClipPixelValues.ToBatchTensor([a, b]);

        Assert.Equal([2L, 3, 8, 8], batch.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, batch.dtype);
        Assert.Equal(a.Values.Concat(b.Values).ToArray(), batch.data<float>().ToArray());
    }

    [Fact]
    public void Batch_tensor_rejects_mixed_sizes()
    {
        var small = new ClipPixelValues(2, 2, new float[12]);
        var large = new ClipPixelValues(3, 2, new float[18]);
        var e = Assert.Throws<ArgumentException>(() => ClipPixelValues.ToBatchTensor([small, large]));
        Assert.Contains("[3, 3, 2]", e.Message);
    }
}
