using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Safetensors;

/// <summary>
/// Writes tensors as safetensors in their own dtype, streaming one tensor at a time from its native memory to a
/// FileStream (no whole-file or whole-tensor managed copy). The layout is deterministic: tensors in ordinal name
/// order, the JSON header space-padded to a multiple of 8 bytes. Each file is written to a temporary name and renamed.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>The index file transformers writes next to the shards of a sharded checkpoint.</summary>
    public const string IndexFileSuffix = ".safetensors.index.json";

    private const int ChunkBytes = 64 * 1024 * 1024;

    /// <summary>Writes one file. Tensors may be on any device and need not be contiguous; they are not modified.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors stores little-endian bytes; this writer copies them unchanged and needs a little-endian host.");
        var ordered = tensors.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Key == SafetensorsHeader.MetadataKey)
                throw new ArgumentException($"'{SafetensorsHeader.MetadataKey}' is reserved and cannot name a tensor.", nameof(tensors));
            if (i > 0 && ordered[i].Key == ordered[i - 1].Key)
                throw new ArgumentException($"Duplicate tensor name '{ordered[i].Key}'.", nameof(tensors));
        }
        var header = BuildHeader(ordered, metadata);
        var padded = (header.Length + 7) / 8 * 8;

        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
                stream.Write(length);
                stream.Write(header);
                for (var i = header.Length; i < padded; i++) stream.WriteByte((byte)' ');
                foreach (var (_, tensor) in ordered) WriteData(stream, tensor);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes a checkpoint directory as transformers does: tensors go to shards in the given order, a new shard starting
    /// when the next tensor would take the current one past <paramref name="maxShardBytes"/> (a larger tensor gets a shard
    /// of its own), named "{baseName}-00001-of-0000N.safetensors", with metadata {"format": "pt"}, plus
    /// "{baseName}.safetensors.index.json" holding total_size (the sum of tensor bytes) and the weight_map. A checkpoint
    /// that fits one shard is written as "{baseName}.safetensors" with no index, as transformers does.
    /// </summary>
    /// <returns>The files written, shards first, then the index when there is one.</returns>
    public static IReadOnlyList<string> WriteSharded(string directory, IEnumerable<KeyValuePair<string, Tensor>> tensors, long maxShardBytes, string baseName = "model")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShardBytes, 1);
        var shards = new List<List<KeyValuePair<string, Tensor>>> { new() };
        long shardBytes = 0, totalBytes = 0;
        foreach (var pair in tensors)
        {
            var bytes = ByteLength(pair.Value);
            if (shards[^1].Count > 0 && shardBytes + bytes > maxShardBytes)
            {
                shards.Add([]);
                shardBytes = 0;
            }
            shards[^1].Add(pair);
            shardBytes += bytes;
            totalBytes += bytes;
        }
        var duplicate = shards.SelectMany(s => s).GroupBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Duplicate tensor name '{duplicate.Key}'.", nameof(tensors));

        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        Directory.CreateDirectory(directory);
        if (shards.Count == 1)
        {
            var single = Path.Combine(directory, $"{baseName}.safetensors");
            Write(single, shards[0], metadata);
            return [single];
        }

        var written = new List<string>();
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < shards.Count; i++)
        {
            var fileName = $"{baseName}-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            var shardPath = Path.Combine(directory, fileName);
            Write(shardPath, shards[i], metadata);
            written.Add(shardPath);
            foreach (var (key, _) in shards[i]) weightMap[key] = fileName;
        }
        var indexPath = Path.Combine(directory, baseName + IndexFileSuffix);
        WriteIndex(indexPath, totalBytes, weightMap);
        written.Add(indexPath);
        return written;
    }

    /// <summary>Bytes the tensor occupies in a safetensors file.</summary>
    public static long ByteLength(Tensor tensor) => tensor.numel() * SafetensorsScalarTypes.ElementSize(tensor.dtype);

    private static void WriteIndex(string path, long totalBytes, SortedDictionary<string, string> weightMap)
    {
        // json.dumps(index, indent=2, sort_keys=True) + "\n", the form transformers' save_pretrained writes.
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteNumber("total_size", totalBytes);
            json.WriteEndObject();
            json.WriteStartObject("weight_map");
            foreach (var (key, file) in weightMap) json.WriteString(key, file);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temp, buffer.ToArray());
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static byte[] BuildHeader(IReadOnlyList<KeyValuePair<string, Tensor>> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps names like "a+b" readable, as Python's json.dumps would.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsScalarTypes.NameOf(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += ByteLength(tensor);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteData(FileStream stream, Tensor tensor)
    {
        if (tensor.numel() == 0) return;
        // Temporaries (a device copy, a contiguous copy) live only for this tensor; a CPU contiguous tensor is viewed, not copied.
        using var scope = torch.NewDisposeScope();
        var source = tensor.detach();
        if (source.device_type != DeviceType.CPU) source = source.cpu();
        if (!source.is_contiguous()) source = source.contiguous();
        var flat = source.view(-1);
        var elementSize = SafetensorsScalarTypes.ElementSize(source.dtype);
        var elementsPerChunk = Math.Max(1, ChunkBytes / elementSize);
        for (long start = 0; start < flat.shape[0]; start += elementsPerChunk)
        {
            using var chunk = flat.narrow(0, start, Math.Min(elementsPerChunk, flat.shape[0] - start));
            stream.Write(chunk.bytes);
        }
    }
}
