using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace LoRASculpt.Training.Safetensors;

/// <summary>
/// The parsed and validated header of one safetensors file: its "__metadata__" map and every tensor's
/// entry. Validation follows the reference implementation: offsets must match dtype x shape, and the
/// tensors must tile the data section exactly (no gap, no overlap, no trailing bytes).
/// </summary>
internal sealed record SafetensorsHeader(
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors,
    long DataStart)
{
    public const string MetadataKey = "__metadata__";

    // Protects against reading garbage as a length; the reference implementation uses the same cap.
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    public static SafetensorsHeader Read(SafeFileHandle file, string path)
    {
        var fileLength = RandomAccess.GetLength(file);
        if (fileLength < 8)
            throw Invalid(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        ReadExactly(file, lengthBytes, 0, path);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
            throw Invalid(path, $"the header length {headerLength} does not fit the file ({fileLength} bytes)");
        var headerBytes = new byte[headerLength];
        ReadExactly(file, headerBytes, 8, path);
        var dataStart = 8 + (long)headerLength;
        return Parse(headerBytes, dataStart, fileLength - dataStart, path);
    }

    private static SafetensorsHeader Parse(byte[] headerBytes, long dataStart, long dataLength, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"the header is not valid JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Invalid(path, "the header is not a JSON object");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, path);
                    continue;
                }
                if (!tensors.TryAdd(property.Name, ParseEntry(property, dataStart, path)))
                    throw Invalid(path, $"tensor '{property.Name}' appears twice in the header");
            }
            CheckTiling(tensors.Values, dataLength, path);
            return new SafetensorsHeader(metadata, tensors, dataStart);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"'{MetadataKey}' is not a JSON object");
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Invalid(path, $"metadata '{entry.Name}' is not a string");
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ParseEntry(JsonProperty property, long dataStart, string path)
    {
        var name = property.Name;
        var entry = property.Value;
        if (entry.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"tensor '{name}' is not a JSON object");
        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Invalid(path, $"tensor '{name}' has no string 'dtype'");
        var dtype = dtypeElement.GetString()!;
        if (!SafetensorsScalarTypes.TryParse(dtype, out var scalarType))
            throw Invalid(path, $"tensor '{name}' has dtype '{dtype}', which is not supported (supported: {SafetensorsScalarTypes.SupportedNames})");
        var shape = ReadIntegers(entry, "shape", name, path);
        var offsets = ReadIntegers(entry, "data_offsets", name, path);
        if (offsets.Length != 2)
            throw Invalid(path, $"tensor '{name}' has {offsets.Length} data_offsets, not 2");
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
            throw Invalid(path, $"tensor '{name}' has data_offsets [{begin}, {end}] that end before they begin");
        long expectedBytes;
        try
        {
            expectedBytes = checked(shape.Aggregate(1L, (a, b) => a * b) * SafetensorsScalarTypes.ElementSize(scalarType));
        }
        catch (OverflowException)
        {
            throw Invalid(path, $"tensor '{name}' has shape {SafetensorsTensorInfo.FormatShape(shape)}, too large to address");
        }
        if (end - begin != expectedBytes)
            throw Invalid(path, $"tensor '{name}' has data_offsets [{begin}, {end}] ({end - begin} bytes) but {dtype} x {SafetensorsTensorInfo.FormatShape(shape)} needs {expectedBytes} bytes");
        return new SafetensorsTensorInfo(name, dtype, scalarType, shape, begin, end, dataStart + begin);
    }

    private static long[] ReadIntegers(JsonElement entry, string field, string name, string path)
    {
        if (!entry.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Invalid(path, $"tensor '{name}' has no '{field}' array");
        var values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var value) || value < 0)
                throw Invalid(path, $"tensor '{name}' has '{field}' entry {item.GetRawText()}, not a non-negative integer");
            values[i++] = value;
        }
        return values;
    }

    private static void CheckTiling(IEnumerable<SafetensorsTensorInfo> tensors, long dataLength, string path)
    {
        long expectedBegin = 0;
        string? previous = null;
        foreach (var tensor in tensors.OrderBy(t => t.DataBegin).ThenBy(t => t.DataEnd))
        {
            if (tensor.DataBegin != expectedBegin)
            {
                var after = previous is null ? "the start of the data section" : $"tensor '{previous}', which ends at {expectedBegin}";
                var relation = tensor.DataBegin < expectedBegin ? "overlaps" : "leaves a gap after";
                throw Invalid(path, $"tensor '{tensor.Name}' (data_offsets [{tensor.DataBegin}, {tensor.DataEnd}]) {relation} {after}");
            }
            if (tensor.DataEnd > dataLength)
                throw Invalid(path, $"tensor '{tensor.Name}' ends at data offset {tensor.DataEnd}, past the end of the file's data section ({dataLength} bytes)");
            expectedBegin = tensor.DataEnd;
            previous = tensor.Name;
        }
        if (expectedBegin != dataLength)
            throw Invalid(path, $"the tensors cover {expectedBegin} bytes of data but the file has {dataLength} (truncated header or trailing bytes)");
    }

    internal static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset, string path)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file, buffer, offset);
            if (read == 0) throw new EndOfStreamException($"safetensors file '{path}' ended at byte {offset} while {buffer.Length} more bytes were expected.");
            buffer = buffer[read..];
            offset += read;
        }
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"Invalid safetensors file '{path}': {problem}.");
}
