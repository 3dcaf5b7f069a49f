using System.Buffers.Binary;

namespace LoRASculpt.Training.Images;

/// <summary>
/// Walks a PNG's chunk list (length, type, data, CRC) to tell a complete file from a truncated one before
/// decoding: the decoder alone may accept a file cut inside or after its image data, which PIL refuses.
/// </summary>
internal static class PngChunks
{
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The IHDR's bit depth and colour type of a structurally complete PNG; throws for an incomplete one.</summary>
    public static (int BitDepth, int ColourType) ReadHeader(ReadOnlySpan<byte> data, string source)
    {
        var position = Signature.Length;
        int bitDepth = -1, colourType = -1;
        var sawImageData = false;
        while (true)
        {
            if (position + 12 > data.Length) throw Truncated(source, "it ends before its IEND chunk");
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            var type = data.Slice(position + 4, 4);
            if (length > int.MaxValue || position + 12 + (long)length > data.Length)
                throw Truncated(source, $"its {System.Text.Encoding.ASCII.GetString(type)} chunk runs past the end of the file");
            var body = data.Slice(position + 8, (int)length);
            if (bitDepth < 0)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13) throw new InvalidDataException($"Image '{source}' is not a valid PNG: it does not start with an IHDR chunk.");
                bitDepth = body[8];
                colourType = body[9];
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                sawImageData = true;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                if (!sawImageData) throw new InvalidDataException($"Image '{source}' is not a valid PNG: it has no IDAT chunk.");
                return (bitDepth, colourType);
            }
            position += 12 + (int)length;
        }
    }

    private static InvalidDataException Truncated(string source, string why) => new($"Image '{source}' is a truncated PNG: {why}.");
}
