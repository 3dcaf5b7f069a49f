using LoRASculpt.Training.Images;

namespace LoRASculpt.Training.Tests.Images;

public sealed class ImageDecoderTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("image-decoder-");

    public void Dispose() => directory.Delete(recursive: true);

    [Theory]
    [InlineData("wide_37x23.png")]   // RGB
    [InlineData("tall_50x80.png")]   // RGB
    [InlineData("gray_19x13.png")]   // L: grey replicated
    [InlineData("graya_11x9.png")]   // LA: alpha dropped
    [InlineData("rgba_21x17.png")]   // RGBA: alpha dropped, not composited
    [InlineData("palette_15x12.png")] // P (4-bit) with a transparent index: palette colours
    [InlineData("bilevel_13x7.png")] // 1-bit: 0 and 255
    [InlineData("rgb16_9x6.png")]    // 16-bit RGB: the high byte of each sample
    public void Png_decodes_exactly_as_pil_convert_rgb(string file)
    {
        var expected = ImageFixtures.PilDecoded(file);
        var decoded = ImageDecoder.Decode(ImageFixtures.PathOf(file));
        Assert.Equal((expected.Width, expected.Height), (decoded.Width, decoded.Height));
        Assert.Equal(expected.Pixels, decoded.Pixels);
    }

    // stb_image and libjpeg use different IDCTs and chroma upsampling. Measured worst differences:
    // 3 levels for baseline 4:2:0, 2 for progressive, 1 for greyscale.
    [Theory]
    [InlineData("tall_50x80.jpg", 3)]
    [InlineData("tall_50x80_progressive.jpg", 3)]
    [InlineData("gray_37x23.jpg", 1)]
    public void Jpeg_decodes_within_a_few_levels_of_libjpeg(string file, int tolerance)
    {
        var expected = ImageFixtures.PilDecoded(file);
        var decoded = ImageDecoder.Decode(ImageFixtures.PathOf(file));
        Assert.Equal((expected.Width, expected.Height), (decoded.Width, decoded.Height));
        var worst = expected.Pixels.Zip(decoded.Pixels, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"largest difference {worst} levels");
    }

    [Fact]
    public void Every_fixture_image_listed_by_the_generator_decodes()
    {
        foreach (var file in ImageFixtures.DecodedFiles)
            Assert.Equal(ImageFixtures.PilDecoded(file).Width, ImageDecoder.Decode(ImageFixtures.PathOf(file)).Width);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var path = Path.Combine(directory.FullName, "absent.png");
        var e = Assert.Throws<FileNotFoundException>(() => ImageDecoder.Decode(path));
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("tall_50x80.png", 0.5)]
    [InlineData("tall_50x80.png", 0.999)]
    [InlineData("tall_50x80.jpg", 0.5)]
    [InlineData("tall_50x80.jpg", 0.999)]
    [InlineData("tall_50x80_progressive.jpg", 0.7)]
    public void Truncated_file_is_named(string file, double keptFraction)
    {
        var bytes = File.ReadAllBytes(ImageFixtures.PathOf(file));
        var path = Path.Combine(directory.FullName, "cut-" + file);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keptFraction)]);

        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Other_formats_are_named_as_unsupported()
    {
        var path = Path.Combine(directory.FullName, "picture.gif");
        File.WriteAllBytes(path, "GIF89a\u0001\0\u0001\0\0\0\0;"u8.ToArray());

        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("not a PNG or JPEG", e.Message);
    }

    [Fact]
    public void Sixteen_bit_grey_png_is_refused_because_pil_would_clip_it()
    {
        var path = ImageFixtures.PathOf("unsupported_gray16_5x4.png");
        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("16-bit greyscale", e.Message);
    }

    [Fact]
    public void Corrupt_png_data_is_named()
    {
        // A structurally complete PNG whose compressed image data is garbage.
        var bytes = File.ReadAllBytes(ImageFixtures.PathOf("gray_19x13.png"));
        var idat = IndexOf(bytes, "IDAT"u8) + 4;
        for (var i = idat; i < idat + 20; i++) bytes[i] = 0x5A;

        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(bytes, "in-memory.png"));

        Assert.Contains("in-memory.png", e.Message);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
