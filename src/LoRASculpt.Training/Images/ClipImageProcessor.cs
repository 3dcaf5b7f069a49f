namespace LoRASculpt.Training.Images;

/// <summary>
/// LLaVA-1.5's image preprocessing before the CLIP vision tower, reproducing Hugging Face's
/// CLIPImageProcessor (the PIL-based one) and LLaVA's process_images: optional expand-to-square with the
/// mean colour (background int(mean * 255)), resize with PIL's resampler, centre crop, rescale
/// (uint8 * factor in double, then float32), normalise ((x - mean) / std in float32).
/// Stateless after construction and safe to share across threads.
/// </summary>
public sealed class ClipImageProcessor
{
    // Per channel, the float for each possible byte: inputs are 8-bit, so the rescale/normalise
    // arithmetic is done once per value, with the same float32 operations transformers does per pixel.
    private readonly float[][] valueTable;

    public ClipImageProcessor(ClipImageProcessorOptions? options = null)
    {
        Options = options ?? new ClipImageProcessorOptions();
        if (Options.DoResize) _ = PilResampleKernel.Support(Options.Resample); // rejects NEAREST up front
        if (Options.DoCenterCrop)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.CropHeight, nameof(options));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.CropWidth, nameof(options));
        }
        if (Options.ImageMean.Count != RgbImage.Channels || Options.ImageStd.Count != RgbImage.Channels)
            throw new ArgumentException("image_mean and image_std need one value per RGB channel.", nameof(options));
        valueTable = Enumerable.Range(0, RgbImage.Channels).Select(BuildValueTable).ToArray();
        PadColour = Options.ImageMean.Select(m => (byte)Math.Clamp((int)(m * 255), 0, 255)).ToArray();
    }

    public ClipImageProcessorOptions Options { get; }

    /// <summary>LLaVA's expand2square background: tuple(int(x * 255) for x in image_mean).</summary>
    public IReadOnlyList<byte> PadColour { get; }

    /// <summary>Reads a checkpoint's preprocessor_config.json (see <see cref="ClipImageProcessorOptions.FromPreprocessorConfig"/>).</summary>
    public static ClipImageProcessor FromPreprocessorConfig(string path, string? imageAspectRatio = null) =>
        new(ClipImageProcessorOptions.FromPreprocessorConfig(path, imageAspectRatio));

    /// <summary>Decodes an image file (PNG or JPEG) and preprocesses it.</summary>
    public ClipPixelValues Preprocess(string imagePath) => Preprocess(ImageDecoder.Decode(imagePath));

    /// <summary>The model input for one image: float32 [3, crop height, crop width] (or the resized size without crop).</summary>
    public ClipPixelValues Preprocess(RgbImage image)
    {
        var prepared = PadAndResize(image);
        if (Options.DoCenterCrop) prepared = ImageGeometry.CenterCrop(prepared, Options.CropHeight, Options.CropWidth);
        return ToPixelValues(prepared);
    }

    /// <summary>The 8-bit image after the optional pad to square and the resize, before the crop.</summary>
    public RgbImage PadAndResize(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Options.PadToSquare) image = ImageGeometry.ExpandToSquare(image, PadColour[0], PadColour[1], PadColour[2]);
        if (!Options.DoResize) return image;
        var (height, width) = Options.Size.OutputSize(image.Height, image.Width);
        return PilResize.Resize(image, width, height, Options.Resample);
    }

    private ClipPixelValues ToPixelValues(RgbImage image)
    {
        var plane = image.Width * image.Height;
        var values = new float[RgbImage.Channels * plane];
        var pixels = image.Pixels;
        for (var c = 0; c < RgbImage.Channels; c++)
        {
            var table = valueTable[c];
            var output = values.AsSpan(c * plane, plane);
            for (int i = 0, p = c; i < plane; i++, p += RgbImage.Channels) output[i] = table[pixels[p]];
        }
        return new ClipPixelValues(image.Height, image.Width, values);
    }

    private float[] BuildValueTable(int channel)
    {
        var mean = (float)Options.ImageMean[channel];
        var std = (float)Options.ImageStd[channel];
        var table = new float[256];
        for (var v = 0; v < table.Length; v++)
        {
            var x = Options.DoRescale ? (float)(v * Options.RescaleFactor) : v;
            table[v] = Options.DoNormalize ? (x - mean) / std : x;
        }
        return table;
    }
}
