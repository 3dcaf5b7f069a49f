using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using LoRASculpt.Training.Images;

namespace LoRASculpt.Cli.Tests.Model;

/// <summary>
/// A minimal PNG encoder for test images: 8-bit RGB (colour type 2), no interlace, filter type 0 on every row,
/// one zlib IDAT chunk, CRC-32 per chunk as the PNG specification defines it. Lossless, so decoding gives the pixels back.
/// </summary>
internal static class TestPng
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static void Write(string path, RgbImage image) => File.WriteAllBytes(path, Encode(image));

    public static byte[] Encode(RgbImage image)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        using var raw = new MemoryStream();
        var stride = image.Width * RgbImage.Channels;
        for (var y = 0; y < image.Height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(image.Pixels, y * stride, stride);
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            raw.WriteTo(zlib);

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
