using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Images;

/// <summary>One preprocessed image: float32 pixel values in CHW order, shape [3, Height, Width].</summary>
public sealed class ClipPixelValues
{
    public ClipPixelValues(int height, int width, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentNullException.ThrowIfNull(values);
        if (values.LongLength != (long)RgbImage.Channels * height * width)
            throw new ArgumentException($"[3, {height}, {width}] needs {(long)RgbImage.Channels * height * width} values, got {values.LongLength}.", nameof(values));
        Height = height;
        Width = width;
        Values = values;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>CHW: channel c, row y, column x at <c>(c * Height + y) * Width + x</c>.</summary>
    public float[] Values { get; }

    public long[] Shape => [RgbImage.Channels, Height, Width];

    /// <summary>
    /// Stacks images of one size into a new float32 CPU tensor [B, 3, H, W] (the vision tower's
    /// pixel_values); the caller owns it.
    /// </summary>
    public static Tensor ToBatchTensor(IReadOnlyList<ClipPixelValues> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("A batch needs at least one image.", nameof(images));
        var (height, width) = (images[0].Height, images[0].Width);
        var mismatch = images.FirstOrDefault(i => i.Height != height || i.Width != width);
        if (mismatch is not null)
            throw new ArgumentException($"Images in a batch must share one size: [3, {height}, {width}] and [3, {mismatch.Height}, {mismatch.Width}].", nameof(images));
        var perImage = images[0].Values.Length;
        var batch = new float[(long)perImage * images.Count];
        for (var i = 0; i < images.Count; i++) images[i].Values.CopyTo(batch, (long)i * perImage);
        return torch.tensor(batch, [images.Count, RgbImage.Channels, height, width], ScalarType.Float32);
    }
}
