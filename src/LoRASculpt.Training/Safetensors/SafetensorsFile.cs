using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LoRASculpt.Training.Safetensors;

/// <summary>
/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors):
/// 8-byte little-endian header length N, N bytes of JSON header
/// {"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets": [begin, end]}},
/// then the raw little-endian tensor bytes (offsets relative to the end of the header).
/// Writes F32 only, tensors in ordinal name order, header padded with spaces to a multiple
/// of 8 bytes (as the reference implementation does) so the layout is deterministic.
/// Reads F32, F16 and BF16 (decoded to float32).
/// </summary>
public static class SafetensorsFile
{
    private const string MetadataKey = "__metadata__";

    // Hard cap on the header: protects against reading garbage as a length.
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Serialises float32 tensors and metadata to the exact byte layout described above.</summary>
    public static byte[] Serialize(IEnumerable<SafetensorsEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var duplicates = ordered.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicates is not null)
            throw new ArgumentException($"Duplicate tensor name '{duplicates.Key}'.", nameof(tensors));
        foreach (var t in ordered)
        {
            if (t.Name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved.", nameof(tensors));
            if (t.ElementCount != t.Values.Length)
                throw new ArgumentException($"Tensor '{t.Name}' has shape [{string.Join(",", t.Shape)}] but {t.Values.Length} values.", nameof(tensors));
        }

        var header = BuildHeader(ordered, metadata);
        var padded = (header.Length + 7) / 8 * 8;
        long dataBytes = ordered.Sum(t => (long)t.Values.Length * 4);
        var result = new byte[8 + padded + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        header.CopyTo(result, 8);
        result.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        var offset = 8 + padded;
        foreach (var t in ordered)
        {
            var bytes = MemoryMarshal.AsBytes(t.Values.AsSpan());
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("safetensors writer assumes a little-endian host.");
            bytes.CopyTo(result.AsSpan(offset));
            offset += bytes.Length;
        }
        return result;
    }

    /// <summary>Parses a whole file image; F16/BF16 values are widened to float32.</summary>
    public static SafetensorsContent Deserialize(ReadOnlySpan<byte> file)
    {
        if (file.Length < 8) throw new InvalidDataException("safetensors file is shorter than its 8-byte header length.");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderBytes || (long)headerLength > file.Length - 8)
            throw new InvalidDataException($"safetensors header length {headerLength} does not fit the file ({file.Length} bytes).");
        var headerBytes = file.Slice(8, (int)headerLength);
        var data = file[(8 + (int)headerLength)..];

        using var doc = JsonDocument.Parse(headerBytes.ToArray());
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (property.Name == MetadataKey)
            {
                foreach (var m in property.Value.EnumerateObject())
                    metadata[m.Name] = m.Value.GetString() ?? "";
                continue;
            }
            var dtype = SafetensorsDTypes.Parse(property.Value.GetProperty("dtype").GetString() ?? "");
            var shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var size = SafetensorsDTypes.ElementSize(dtype);
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > data.Length || offsets[1] - offsets[0] != count * size)
                throw new InvalidDataException($"Tensor '{property.Name}' has data_offsets inconsistent with its shape or the file size.");
            var raw = data.Slice((int)offsets[0], (int)(offsets[1] - offsets[0]));
            tensors[property.Name] = new SafetensorsEntry(property.Name, dtype, shape, Decode(raw, dtype, (int)count));
        }
        return new SafetensorsContent(metadata, tensors);
    }

    /// <summary>Writes atomically: a temporary file in the same directory, then a rename.</summary>
    public static void Write(string path, IEnumerable<SafetensorsEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var bytes = Serialize(tensors, metadata);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static SafetensorsContent Read(string path) => Deserialize(File.ReadAllBytes(path));

    /// <summary>Reads only the "__metadata__" map (the header), not the tensor data.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > stream.Length - 8)
            throw new InvalidDataException($"safetensors header length {headerLength} does not fit the file.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        using var doc = JsonDocument.Parse(header);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (doc.RootElement.TryGetProperty(MetadataKey, out var m))
            foreach (var p in m.EnumerateObject())
                metadata[p.Name] = p.Value.GetString() ?? "";
        return metadata;
    }

    private static byte[] BuildHeader(IReadOnlyList<SafetensorsEntry> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps names like "a+b" readable, as Python's json.dumps would.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in ordered)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)t.Values.Length * 4;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static float[] Decode(ReadOnlySpan<byte> raw, SafetensorsDType dtype, int count)
    {
        var values = new float[count];
        switch (dtype)
        {
            case SafetensorsDType.F32:
                for (var i = 0; i < count; i++)
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                break;
            case SafetensorsDType.F16:
                for (var i = 0; i < count; i++)
                    values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(i * 2)..]);
                break;
            case SafetensorsDType.BF16:
                // bfloat16 is the top half of a float32.
                for (var i = 0; i < count; i++)
                    values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]) << 16);
                break;
        }
        return values;
    }
}
