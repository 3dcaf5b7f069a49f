using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Safetensors;

/// <summary>Bridges <see cref="SafetensorsFile"/> and TorchSharp tensors / module state dicts.</summary>
public static class SafetensorsTorch
{
    /// <summary>Copies a tensor's values to a float32 entry (any dtype/device; the tensor is not modified).</summary>
    public static SafetensorsEntry ToEntry(string name, Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var flat = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().reshape(-1);
        return new SafetensorsEntry(name, SafetensorsDType.F32, tensor.shape.ToArray(), flat.data<float>().ToArray());
    }

    /// <summary>A new float32 CPU tensor holding the entry's values (caller owns it).</summary>
    public static Tensor ToTensor(SafetensorsEntry entry) => torch.tensor(entry.Values, entry.Shape, ScalarType.Float32);

    /// <summary>Saves named tensors (e.g. an adapter's parameters) as F32, atomically.</summary>
    public static void SaveTensors(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsFile.Write(path, tensors.Select(p => ToEntry(p.Key, p.Value)).ToList(), metadata);

    /// <summary>Loads every tensor as a new float32 CPU tensor (caller disposes them).</summary>
    public static Dictionary<string, Tensor> LoadTensors(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        var content = SafetensorsFile.Read(path);
        metadata = content.Metadata;
        return content.Tensors.ToDictionary(p => p.Key, p => ToTensor(p.Value), StringComparer.Ordinal);
    }

    /// <summary>Saves a module's state dict (parameters and buffers), optionally filtered by name.</summary>
    public static void SaveModule(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null, Func<string, bool>? include = null)
    {
        var state = module.state_dict();
        var entries = state.Where(p => include?.Invoke(p.Key) ?? true).Select(p => ToEntry(p.Key, p.Value)).ToList();
        SafetensorsFile.Write(path, entries, metadata);
    }

    /// <summary>
    /// Copies the file's tensors into the module's state dict in place (no graph, keeps the module's
    /// dtype and device). With <paramref name="strict"/>, every selected module entry must be present
    /// and every file entry must exist in the module; shapes must always match. Returns the file's metadata.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LoadIntoModule(nn.Module module, string path, bool strict = true, Func<string, bool>? include = null)
    {
        var content = SafetensorsFile.Read(path);
        var state = module.state_dict();
        var selected = state.Where(p => include?.Invoke(p.Key) ?? true).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (strict)
        {
            var missing = selected.Keys.Where(k => !content.Tensors.ContainsKey(k)).ToList();
            var unexpected = content.Tensors.Keys.Where(k => (include?.Invoke(k) ?? true) && !selected.ContainsKey(k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new InvalidDataException(
                    $"State dict mismatch loading '{path}': missing [{string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}], " +
                    $"unexpected [{string.Join(", ", unexpected.Take(5))}{(unexpected.Count > 5 ? ", ..." : "")}].");
        }
        using var noGrad = torch.no_grad();
        foreach (var (name, target) in selected)
        {
            if (!content.Tensors.TryGetValue(name, out var entry)) continue;
            if (!entry.Shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"Tensor '{name}' has shape [{string.Join(",", entry.Shape)}] in '{path}' but [{string.Join(",", target.shape)}] in the module.");
            using var source = ToTensor(entry);
            target.copy_(source);
        }
        return content.Metadata;
    }
}
