namespace LoRASculpt.Training.Images;

/// <summary>
/// The <c>size</c> of a CLIPImageProcessor: either the length of the shortest edge (the aspect ratio is
/// kept) or an exact height and width.
/// </summary>
public sealed record ClipResizeSize
{
    private ClipResizeSize(int? shortestEdge, int? height, int? width)
    {
        ShortestEdge = shortestEdge;
        Height = height;
        Width = width;
    }

    public int? ShortestEdge { get; }

    public int? Height { get; }

    public int? Width { get; }

    public static ClipResizeSize ToShortestEdge(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return new ClipResizeSize(length, null, null);
    }

    public static ClipResizeSize ToExact(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        return new ClipResizeSize(null, height, width);
    }

    /// <summary>
    /// The (height, width) to resize an image to: transformers' get_resize_output_image_size, where the
    /// long side is int(size * long / short), truncated.
    /// </summary>
    public (int Height, int Width) OutputSize(int imageHeight, int imageWidth)
    {
        if (ShortestEdge is not { } size) return (Height!.Value, Width!.Value);
        var (shorter, longer) = imageWidth <= imageHeight ? (imageWidth, imageHeight) : (imageHeight, imageWidth);
        var newLong = (int)((double)size * longer / shorter);
        return imageWidth <= imageHeight ? (newLong, size) : (size, newLong);
    }

    public override string ToString() => ShortestEdge is { } s ? $"{{shortest_edge: {s}}}" : $"{{height: {Height}, width: {Width}}}";
}
