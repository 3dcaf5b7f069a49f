using System.Buffers.Binary;

namespace LoRASculpt.Training.Images;

/// <summary>
/// Walks a JPEG's marker segments and entropy-coded scans up to the end-of-image marker, to tell a
/// complete file from a truncated one before decoding: stb_image pads a cut-off scan with zeros and
/// returns an image, where PIL raises "image file is truncated".
/// </summary>
internal static class JpegSegments
{
    private const byte MarkerPrefix = 0xFF;
    private const byte StartOfScan = 0xDA;
    private const byte EndOfImage = 0xD9;

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    public static void EnsureComplete(ReadOnlySpan<byte> data, string source)
    {
        var position = 2; // after SOI
        while (true)
        {
            if (position >= data.Length || data[position] != MarkerPrefix)
            {
                if (position >= data.Length) throw Truncated(source);
                throw new InvalidDataException($"Image '{source}' is not a valid JPEG: expected a marker at byte {position}.");
            }
            while (position < data.Length && data[position] == MarkerPrefix) position++; // fill bytes
            if (position >= data.Length) throw Truncated(source);
            var marker = data[position++];
            if (marker == EndOfImage) return;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue; // markers without a length
            if (position + 2 > data.Length) throw Truncated(source);
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (length < 2 || position + length > data.Length) throw Truncated(source);
            position += length;
            if (marker == StartOfScan) position = SkipEntropyCodedData(data, position, source);
        }
    }

    // Scan data ends at the first 0xFF followed by a byte that is not a stuffed 0x00, a restart marker or fill.
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> data, int position, string source)
    {
        while (position + 1 < data.Length)
        {
            if (data[position] != MarkerPrefix) { position++; continue; }
            var next = data[position + 1];
            if (next == 0x00 || next is >= 0xD0 and <= 0xD7) position += 2;
            else if (next == MarkerPrefix) position++;
            else return position;
        }
        throw Truncated(source);
    }

    private static InvalidDataException Truncated(string source) =>
        new($"Image '{source}' is a truncated JPEG: it ends before its end-of-image marker.");
}
