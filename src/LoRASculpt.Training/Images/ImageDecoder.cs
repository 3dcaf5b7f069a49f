using StbImageSharp;

namespace LoRASculpt.Training.Images;

/// <summary>
/// Decodes PNG and JPEG files to 8-bit RGB with StbImageSharp (pure managed, so pixels do not depend on a
/// native library), converting as PIL's <c>Image.open(path).convert("RGB")</c> does: grey is replicated,
/// palettes are looked up, alpha is dropped (not composited). PNG decoding matches PIL exactly; JPEG
/// may differ from libjpeg by a few levels (different IDCT and chroma upsampling; CMYK JPEGs are
/// untested). Like LLaVA's Image.open, EXIF orientation is not applied.
/// Errors name the file: a missing file, a truncated file, and formats other than PNG and JPEG.
/// </summary>
public static class ImageDecoder
{
    public static RgbImage Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <param name="data">The whole encoded file.</param>
    /// <param name="source">A name for the data (usually its path), used in error messages.</param>
    public static RgbImage Decode(byte[] data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.AsSpan().StartsWith(PngChunks.Signature))
        {
            var (bitDepth, colourType) = PngChunks.ReadHeader(data, source);
            // PIL opens 16-bit grey as mode "I" and convert("RGB") clips it (values >= 255 become white);
            // stb scales it to 8 bits instead, so the two would disagree on every pixel.
            if (bitDepth == 16 && colourType is 0 or 4)
                throw new InvalidDataException($"Image '{source}' is a 16-bit greyscale PNG, which is not supported (PIL's RGB conversion clips it rather than scaling it).");
        }
        else if (JpegSegments.HasSignature(data))
        {
            JpegSegments.EnsureComplete(data, source);
        }
        else
        {
            throw new InvalidDataException($"Image '{source}' is not a PNG or JPEG file; other formats are not supported.");
        }

        ImageResult result;
        try
        {
            result = ImageResult.FromMemory(data, ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"Image '{source}' could not be decoded: {e.Message}", e);
        }
        return new RgbImage(result.Width, result.Height, result.Data);
    }
}
