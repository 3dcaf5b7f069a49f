using LoRASculpt.Training.Images;

namespace LoRASculpt.Training.Tests.Images;

public sealed class PilResizeTests
{
    [Fact]
    public void Halving_two_pixels_weights_them_equally_and_rounds_half_up()
    {
        // Downscale 2 -> 1: support 4, both taps at distance 0.25 (scaled) get weight 0.5 = 2^21 in fixed point;
        // (10 + 21) * 2^21 + 2^21 (bias) = 16 * 2^22, so 15.5 rounds to 16.
        var source = new RgbImage(2, 1, [10, 0, 255, 21, 1, 254]);
        var resized = PilResize.Resize(source, 1, 1);
        Assert.Equal([16, 1, 255], resized.Pixels); // 0.5 + 0.5 = 1 -> 1; 254.5 + 0.5 = 255
    }

    [Fact]
    public void Unchanged_size_is_a_copy()
    {
        var source = new RgbImage(2, 1, [1, 2, 3, 4, 5, 6]);
        var resized = PilResize.Resize(source, 2, 1);
        Assert.Equal(source.Pixels, resized.Pixels);
        Assert.NotSame(source.Pixels, resized.Pixels);
    }

    [Theory]
    [InlineData("wide_down_nopad")]
    [InlineData("tall_down_nopad")]
    [InlineData("wide_up_nopad")]
    [InlineData("wide_int_sizes_box")]
    [InlineData("tall_exact_crop_pads_zeros")]
    public void Matches_pil_bytes_for_the_unpadded_cases(string caseName)
    {
        var c = ImageFixtures.Case(caseName);
        var source = ImageFixtures.PilDecoded(c.Image);
        var filter = ClipImageProcessorOptions.Parse(c.OptionsJson).Resample;

        var resized = PilResize.Resize(source, c.ExpectedResized.Width, c.ExpectedResized.Height, filter);

        Assert.Equal(c.ExpectedResized.Pixels, resized.Pixels);
    }

    [Theory]
    [InlineData(ResampleFilter.Bicubic, 7, 41)]
    [InlineData(ResampleFilter.Bicubic, 640, 3)]
    [InlineData(ResampleFilter.Lanczos, 5, 5)]
    [InlineData(ResampleFilter.Hamming, 100, 50)]
    public void Any_size_keeps_a_flat_image_flat(ResampleFilter filter, int width, int height)
    {
        // Weights are normalised to sum to 2^22 up to rounding, so a constant image stays constant.
        var resized = PilResize.Resize(RgbImage.Filled(37, 23, 0, 128, 255), width, height, filter);
        Assert.All(resized.Pixels.Chunk(3), p => Assert.Equal([0, 128, 255], p));
    }

    [Fact]
    public void Nearest_is_rejected_with_a_clear_error()
    {
        var e = Assert.Throws<NotSupportedException>(() => PilResize.Resize(RgbImage.Filled(4, 4, 1, 2, 3), 2, 2, ResampleFilter.Nearest));
        Assert.Contains("NEAREST", e.Message);
    }
}
