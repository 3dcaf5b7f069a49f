namespace LoRASculpt.Training.Images;

/// <summary>The non-resampling geometry steps of LLaVA-1.5's preprocessing: pad to square and centre crop.</summary>
public static class ImageGeometry
{
    /// <summary>
    /// LLaVA's expand2square: the image pasted on a square canvas of the background colour whose side
    /// is the longer edge, offset by (long - short) // 2 along the shorter edge. A square image is returned as is.
    /// </summary>
    public static RgbImage ExpandToSquare(RgbImage image, byte red, byte green, byte blue)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width == image.Height) return image;
        var side = Math.Max(image.Width, image.Height);
        var canvas = RgbImage.Filled(side, side, red, green, blue);
        var left = image.Width < side ? (side - image.Width) / 2 : 0;
        var top = image.Height < side ? (side - image.Height) / 2 : 0;
        var rowBytes = image.Width * RgbImage.Channels;
        for (var y = 0; y < image.Height; y++)
            image.Pixels.AsSpan(y * rowBytes, rowBytes).CopyTo(canvas.Pixels.AsSpan(((top + y) * side + left) * RgbImage.Channels));
        return canvas;
    }

    /// <summary>
    /// Where transformers' center_crop starts reading along one axis: floor((size - crop) / 2). Negative
    /// when the crop is larger than the image; the crop then covers the image centred on zero padding,
    /// and output index i reads input index origin + i in both cases (out-of-range indices read 0).
    /// </summary>
    public static int CenterCropOrigin(int size, int crop) => (int)Math.Floor((size - crop) / 2.0);

    /// <summary>transformers' center_crop on 8-bit pixels: crop_height x crop_width, zero-padded where the image is smaller.</summary>
    public static RgbImage CenterCrop(RgbImage image, int cropHeight, int cropWidth)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cropHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cropWidth);
        var top = CenterCropOrigin(image.Height, cropHeight);
        var left = CenterCropOrigin(image.Width, cropWidth);
        var output = new byte[cropHeight * cropWidth * RgbImage.Channels];
        // The columns of the crop that fall inside the image; the rest stay zero.
        var firstColumn = Math.Max(0, -left);
        var lastColumn = Math.Min(cropWidth, image.Width - left);
        for (var y = 0; y < cropHeight; y++)
        {
            var sourceY = top + y;
            if (sourceY < 0 || sourceY >= image.Height || lastColumn <= firstColumn) continue;
            image.Pixels.AsSpan((sourceY * image.Width + left + firstColumn) * RgbImage.Channels, (lastColumn - firstColumn) * RgbImage.Channels)
                .CopyTo(output.AsSpan((y * cropWidth + firstColumn) * RgbImage.Channels));
        }
        return new RgbImage(cropWidth, cropHeight, output);
    }
}
