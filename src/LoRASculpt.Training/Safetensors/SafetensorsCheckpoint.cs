using System.Text.Json;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Safetensors;

/// <summary>
/// A Hugging Face checkpoint directory in safetensors form: either one "model.safetensors" or shards listed by
/// "model.safetensors.index.json" ({"metadata": {"total_size": N}, "weight_map": {key: shard file}}). Keys come
/// from the index (or the single file's header); a shard is opened only when one of its tensors is first asked for.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model" + SafetensorsWriter.IndexFileSuffix;

    private readonly Dictionary<string, string> _shardOfKey;
    private readonly Dictionary<string, SafetensorsReader> _openShards = new(StringComparer.Ordinal);

    private SafetensorsCheckpoint(string directory, Dictionary<string, string> shardOfKey, SafetensorsReader? single)
    {
        Directory = directory;
        _shardOfKey = shardOfKey;
        if (single is not null) _openShards[SingleFileName] = single;
    }

    public string Directory { get; }

    /// <summary>Every tensor key in the checkpoint (the union over its shards).</summary>
    public IReadOnlyCollection<string> Keys => _shardOfKey.Keys;

    /// <summary>The shard file names, in name order.</summary>
    public IReadOnlyList<string> ShardFiles => _shardOfKey.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Opens a directory; fails with a conversion hint when it holds only PyTorch pickle weights.</summary>
    public static SafetensorsCheckpoint Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
            throw new DirectoryNotFoundException($"Checkpoint directory '{full}' does not exist.");
        var indexPath = Path.Combine(full, IndexFileName);
        if (File.Exists(indexPath))
            return new SafetensorsCheckpoint(full, ReadIndex(indexPath, full), single: null);
        var singlePath = Path.Combine(full, SingleFileName);
        if (File.Exists(singlePath))
        {
            var reader = new SafetensorsReader(singlePath);
            var keys = reader.Tensors.Keys.ToDictionary(k => k, _ => SingleFileName, StringComparer.Ordinal);
            return new SafetensorsCheckpoint(full, keys, reader);
        }
        var pickles = System.IO.Directory.GetFiles(full, "pytorch_model*.bin").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        if (pickles.Count > 0)
            throw new InvalidDataException(
                $"Checkpoint directory '{full}' holds only PyTorch pickle weights ({string.Join(", ", pickles)}); safetensors is required " +
                $"(pickle files can run code when loaded). Convert each file once with Python: " +
                "python -c \"import sys, torch; from safetensors.torch import save_file; " +
                "save_file({k: v.contiguous() for k, v in torch.load(sys.argv[1], map_location='cpu', weights_only=True).items()}, sys.argv[2], metadata={'format': 'pt'})\" " +
                "pytorch_model.bin model.safetensors " +
                "(for a sharded checkpoint convert every pytorch_model-0000N-of-0000M.bin and write model.safetensors.index.json, " +
                "or run save_pretrained(..., safe_serialization=True) in transformers).");
        throw new FileNotFoundException($"Checkpoint directory '{full}' has neither '{IndexFileName}' nor '{SingleFileName}'.", singlePath);
    }

    public bool Contains(string key) => _shardOfKey.ContainsKey(key);

    public SafetensorsTensorInfo TensorInfo(string key) => ReaderFor(key).TensorInfo(key);

    /// <summary>A new tensor in the stored dtype (see <see cref="SafetensorsReader.ReadTensor"/>). The caller owns it.</summary>
    public Tensor ReadTensor(string key, Device? device = null) => ReaderFor(key).ReadTensor(key, device);

    /// <summary>Copies the stored values into <paramref name="target"/> in place (see <see cref="SafetensorsReader.ReadInto"/>).</summary>
    public void ReadInto(string key, Tensor target) => ReaderFor(key).ReadInto(key, target);

    public void Dispose()
    {
        foreach (var reader in _openShards.Values) reader.Dispose();
        _openShards.Clear();
    }

    private SafetensorsReader ReaderFor(string key)
    {
        if (!_shardOfKey.TryGetValue(key, out var shard))
            throw new KeyNotFoundException($"Tensor '{key}' is not in checkpoint '{Directory}'.");
        if (!_openShards.TryGetValue(shard, out var reader))
        {
            reader = new SafetensorsReader(Path.Combine(Directory, shard));
            _openShards[shard] = reader;
        }
        if (!reader.Contains(key))
            throw new InvalidDataException($"'{IndexFileName}' in '{Directory}' maps tensor '{key}' to '{shard}', but that shard has no such tensor.");
        return reader;
    }

    private static Dictionary<string, string> ReadIndex(string indexPath, string directory)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(indexPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{indexPath}' is not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var weightMap)
                || weightMap.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"'{indexPath}' has no \"weight_map\" object.");
            var shardOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in weightMap.EnumerateObject())
            {
                var file = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : "";
                // Shard names are plain file names next to the index; anything else could reach outside the directory.
                if (file.Length == 0 || Path.GetFileName(file) != file)
                    throw new InvalidDataException($"'{indexPath}' maps tensor '{entry.Name}' to '{entry.Value.GetRawText()}', not a file name in the checkpoint directory.");
                shardOfKey[entry.Name] = file;
            }
            var missing = shardOfKey.Values.Distinct(StringComparer.Ordinal).Where(f => !File.Exists(Path.Combine(directory, f))).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
                throw new FileNotFoundException($"'{indexPath}' lists shard(s) that are not in the directory: {string.Join(", ", missing)}.", Path.Combine(directory, missing[0]));
            return shardOfKey;
        }
    }
}
