using System.Numerics;

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
        var inStride = source.Width * RgbImage.Channels;
        var (first, count, weights, kernelSize) = (c.First, c.Count, c.Weights, c.KernelSize);
        for (var y = 0; y < rows; y++)
        {
            ReadOnlySpan<byte> inRow = source.Pixels.AsSpan((firstRow + y) * inStride, inStride);
            var outRow = output.AsSpan(y * outWidth * RgbImage.Channels, outWidth * RgbImage.Channels);
            for (var xx = 0; xx < outWidth; xx++)
            {
                ReadOnlySpan<int> taps = weights.AsSpan(xx * kernelSize, count[xx]);
                var pixels = inRow.Slice(first[xx] * RgbImage.Channels, taps.Length * RgbImage.Channels);
                int r = RoundingBias, g = RoundingBias, b = RoundingBias;
                for (int x = 0, p = 0; x < taps.Length; x++, p += RgbImage.Channels)
                {
                    var k = taps[x];
                    r += pixels[p] * k;
                    g += pixels[p + 1] * k;
                    b += pixels[p + 2] * k;
                }
                outRow[xx * RgbImage.Channels] = Clip8(r);
                outRow[xx * RgbImage.Channels + 1] = Clip8(g);
                outRow[xx * RgbImage.Channels + 2] = Clip8(b);
            }
        }
        return new RgbImage(outWidth, rows, output);
    }

    // Row by row rather than pixel by pixel so the inner loop streams whole rows (and vectorises);
    // the integer sums, and so the bytes, are the same as PIL's per-pixel loop.
    private static RgbImage Vertical(RgbImage source, int rowOffset, PilResampleCoefficients c)
    {
        var outHeight = c.First.Length;
        var stride = source.Width * RgbImage.Channels;
        var output = new byte[stride * outHeight];
        var sums = new int[stride];
        for (var yy = 0; yy < outHeight; yy++)
        {
            Array.Fill(sums, RoundingBias);
            var taps = c.Weights.AsSpan(yy * c.KernelSize, c.Count[yy]);
            for (var y = 0; y < taps.Length; y++)
                AccumulateRow(source.Pixels.AsSpan((c.First[yy] + y - rowOffset) * stride, stride), taps[y], sums);
            var outRow = output.AsSpan(yy * stride, stride);
            for (var i = 0; i < stride; i++) outRow[i] = Clip8(sums[i]);
        }
        return new RgbImage(source.Width, outHeight, output);
    }

    // sums[i] += row[i] * weight, Vector<int>-wide: bytes widen exactly to ints, so this is the scalar sum.
    private static void AccumulateRow(ReadOnlySpan<byte> row, int weight, Span<int> sums)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<byte>.Count)
        {
            var k = new Vector<int>(weight);
            var intsPerVector = Vector<int>.Count;
            for (; i <= row.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(row[i..]), out var low, out var high);
                Vector.Widen(low, out var q0, out var q1);
                Vector.Widen(high, out var q2, out var q3);
                var target = sums[i..];
                (new Vector<int>(target) + Vector.AsVectorInt32(q0) * k).CopyTo(target);
                (new Vector<int>(target[intsPerVector..]) + Vector.AsVectorInt32(q1) * k).CopyTo(target[intsPerVector..]);
                (new Vector<int>(target[(2 * intsPerVector)..]) + Vector.AsVectorInt32(q2) * k).CopyTo(target[(2 * intsPerVector)..]);
                (new Vector<int>(target[(3 * intsPerVector)..]) + Vector.AsVectorInt32(q3) * k).CopyTo(target[(3 * intsPerVector)..]);
            }
        }
        for (; i < row.Length; i++) sums[i] += row[i] * weight;
    }

    private static byte Clip8(int sum) => (byte)Math.Clamp(sum >> PilResampleCoefficients.PrecisionBits, 0, 255);
}
