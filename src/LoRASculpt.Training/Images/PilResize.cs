namespace LoRASculpt.Training.Images;

/// <summary>
/// Resizes 8-bit RGB images with the same result, byte for byte, as PIL's
/// <c>Image.resize((width, height), resample)</c> (Pillow's libImaging/Resample.c, 8-bit path):
/// a separable convolution, horizontal pass first, then vertical, each accumulating
/// fixed-point weights in 32-bit integers from a half-unit rounding bias and clipping to 0..255.
/// A pass whose size does not change is skipped, as PIL skips it.
/// </summary>
public static class PilResize
{
    private const int RoundingBias = 1 << (PilResampleCoefficients.PrecisionBits - 1);

    public static RgbImage Resize(RgbImage source, int width, int height, ResampleFilter filter = ResampleFilter.Bicubic)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (filter == ResampleFilter.Nearest)
            throw new NotSupportedException("PIL's NEAREST resize is not implemented; use a convolution filter (LLaVA uses BICUBIC).");
        var needHorizontal = width != source.Width;
        var needVertical = height != source.Height;
        if (!needHorizontal && !needVertical) return new RgbImage(width, height, (byte[])source.Pixels.Clone());

        var vertical = PilResampleCoefficients.Compute(source.Height, height, filter);
        var current = source;
        var rowOffset = 0;
        if (needHorizontal)
        {
            // Only the rows the vertical pass reads are resampled horizontally (as PIL does).
            var firstRow = vertical.First[0];
            var lastRow = vertical.First[height - 1] + vertical.Count[height - 1];
            var horizontal = PilResampleCoefficients.Compute(source.Width, width, filter);
            current = Horizontal(source, firstRow, lastRow - firstRow, horizontal);
            rowOffset = firstRow;
        }
        return needVertical ? Vertical(current, rowOffset, vertical) : current;
    }

    private static RgbImage Horizontal(RgbImage source, int firstRow, int rows, PilResampleCoefficients c)
    {
        var outWidth = c.First.Length;
        var output = new byte[outWidth * rows * RgbImage.Channels];
        var input = source.Pixels;
        var inStride = source.Width * RgbImage.Channels;
        for (var y = 0; y < rows; y++)
        {
            var inRow = (firstRow + y) * inStride;
            var outIndex = y * outWidth * RgbImage.Channels;
            for (var xx = 0; xx < outWidth; xx++)
            {
                int r = RoundingBias, g = RoundingBias, b = RoundingBias;
                var weightBase = xx * c.KernelSize;
                var pixel = inRow + c.First[xx] * RgbImage.Channels;
                for (var x = 0; x < c.Count[xx]; x++, pixel += RgbImage.Channels)
                {
                    var k = c.Weights[weightBase + x];
                    r += input[pixel] * k;
                    g += input[pixel + 1] * k;
                    b += input[pixel + 2] * k;
                }
                output[outIndex++] = Clip8(r);
                output[outIndex++] = Clip8(g);
                output[outIndex++] = Clip8(b);
            }
        }
        return new RgbImage(outWidth, rows, output);
    }

    // Row by row rather than pixel by pixel so the inner loop streams whole rows; the integer sums,
    // and so the bytes, are the same as PIL's per-pixel loop.
    private static RgbImage Vertical(RgbImage source, int rowOffset, PilResampleCoefficients c)
    {
        var outHeight = c.First.Length;
        var stride = source.Width * RgbImage.Channels;
        var output = new byte[stride * outHeight];
        var sums = new int[stride];
        var input = source.Pixels;
        for (var yy = 0; yy < outHeight; yy++)
        {
            Array.Fill(sums, RoundingBias);
            var weightBase = yy * c.KernelSize;
            for (var y = 0; y < c.Count[yy]; y++)
            {
                var k = c.Weights[weightBase + y];
                var row = input.AsSpan((c.First[yy] + y - rowOffset) * stride, stride);
                for (var i = 0; i < stride; i++) sums[i] += row[i] * k;
            }
            var outRow = output.AsSpan(yy * stride, stride);
            for (var i = 0; i < stride; i++) outRow[i] = Clip8(sums[i]);
        }
        return new RgbImage(source.Width, outHeight, output);
    }

    private static byte Clip8(int sum) => (byte)Math.Clamp(sum >> PilResampleCoefficients.PrecisionBits, 0, 255);
}
