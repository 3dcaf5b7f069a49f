namespace LoRASculpt.Training.Images;

/// <summary>
/// An 8-bit RGB image stored row-major as height x width x 3 bytes (HWC), the layout of
/// <c>np.array(pil_image.convert("RGB"))</c>.
/// </summary>
public sealed class RgbImage
{
    public const int Channels = 3;

    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)width * height * Channels)
            throw new ArgumentException($"A {width}x{height} RGB image needs {(long)width * height * Channels} bytes, got {pixels.LongLength}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>HWC bytes: pixel (x, y) channel c is at <c>(y * Width + x) * 3 + c</c>.</summary>
    public byte[] Pixels { get; }

    /// <summary>An image of one colour (what PIL's <c>Image.new("RGB", size, colour)</c> makes).</summary>
    public static RgbImage Filled(int width, int height, byte red, byte green, byte blue)
    {
        var pixels = new byte[(long)width * height * Channels];
        var rowBytes = width * Channels;
        var firstRow = pixels.AsSpan(0, rowBytes);
        for (var i = 0; i < rowBytes; i += Channels)
        {
            firstRow[i] = red;
            firstRow[i + 1] = green;
            firstRow[i + 2] = blue;
        }
        for (var y = 1; y < height; y++) firstRow.CopyTo(pixels.AsSpan(y * rowBytes, rowBytes));
        return new RgbImage(width, height, pixels);
    }
}
