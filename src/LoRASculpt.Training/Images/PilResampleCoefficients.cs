namespace LoRASculpt.Training.Images;

/// <summary>
/// The per-output-pixel filter taps of one resampling pass, as PIL's precompute_coeffs and
/// normalize_coeffs_8bpc make them: the filter is stretched by the downscale factor (antialiasing),
/// each output's weights are normalised to sum to 1 in double, then rounded half away from zero to
/// fixed point with <see cref="PrecisionBits"/> fractional bits.
/// </summary>
internal sealed class PilResampleCoefficients
{
    /// <summary>PIL's PRECISION_BITS: 32 bits less 8 for the pixel and 2 for overshoot headroom.</summary>
    public const int PrecisionBits = 32 - 8 - 2;

    private PilResampleCoefficients(int kernelSize, int[] first, int[] count, int[] weights)
    {
        KernelSize = kernelSize;
        First = first;
        Count = count;
        Weights = weights;
    }

    /// <summary>Stride of <see cref="Weights"/>: the most taps any output pixel can have.</summary>
    public int KernelSize { get; }

    /// <summary>Per output pixel: the first input pixel it reads.</summary>
    public int[] First { get; }

    /// <summary>Per output pixel: how many consecutive input pixels it reads.</summary>
    public int[] Count { get; }

    /// <summary>Fixed-point weights, output pixel i's taps at <c>i * KernelSize</c>.</summary>
    public int[] Weights { get; }

    public static PilResampleCoefficients Compute(int inSize, int outSize, ResampleFilter filter)
    {
        // PIL passes the box (0, 0, width, height) as floats; in0 = 0 and in1 = inSize exactly.
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = PilResampleKernel.Support(filter) * filterScale;
        var kernelSize = (int)Math.Ceiling(support) * 2 + 1;
        var first = new int[outSize];
        var count = new int[outSize];
        var weights = new int[outSize * kernelSize];
        var taps = new double[kernelSize];
        var inverseFilterScale = 1.0 / filterScale;
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            // (int) truncates like C's cast; both ends are then clamped to the image.
            var xmin = Math.Max((int)(center - support + 0.5), 0);
            var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            var total = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                var w = PilResampleKernel.Evaluate(filter, (x + xmin - center + 0.5) * inverseFilterScale);
                taps[x] = w;
                total += w;
            }
            for (var x = 0; x < xmax; x++)
            {
                var k = total != 0.0 ? taps[x] / total : taps[x];
                weights[xx * kernelSize + x] = k < 0
                    ? (int)(-0.5 + k * (1 << PrecisionBits))
                    : (int)(0.5 + k * (1 << PrecisionBits));
            }
            first[xx] = xmin;
            count[xx] = xmax;
        }
        return new PilResampleCoefficients(kernelSize, first, count, weights);
    }
}
