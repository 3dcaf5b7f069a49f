using LoRASculpt.Core.Models;
using LoRASculpt.Training.Safetensors;

namespace LoRASculpt.Training.Pretraining;

/// <summary>
/// Base models that ship with the build ("base-models/{preset}.safetensors" next to the assemblies, from
/// src/LoRASculpt.Training/BaseModels): pretraining weights depend on the thread count and the CPU, so every machine
/// fine-tunes the one shipped copy instead of pretraining its own. A shipped file is used only when its metadata
/// names exactly the key the store would pretrain (preset, config hash, seed, benchmark version, recipe); otherwise
/// <see cref="Check"/> says why it does not apply, and the caller pretrains.
/// </summary>
public sealed class ShippedBaseModels(string directory)
{
    public const string FolderName = "base-models";

    /// <summary>The models shipped with this build, next to its assemblies.</summary>
    public static ShippedBaseModels Default { get; } = new(Path.Combine(AppContext.BaseDirectory, FolderName));

    public string Directory { get; } = Path.GetFullPath(directory);

    public string PathFor(MllmConfig config) => Path.Combine(Directory, $"{config.Name}{BaseModelMetadata.Extension}");

    /// <summary>Whether the shipped file for <paramref name="config"/> is the base model of (seed, recipe) under this build.</summary>
    public ShippedBaseModelCheck Check(MllmConfig config, long seed, PretrainingOptions options)
    {
        var path = PathFor(config);
        if (!File.Exists(path)) return new(path, ShippedBaseModelStatus.Absent, null);
        IReadOnlyDictionary<string, string> metadata;
        try
        {
            metadata = SafetensorsFile.ReadMetadata(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            return new(path, ShippedBaseModelStatus.Mismatch, $"the shipped base model {path} is unreadable ({e.Message})");
        }
        var expected = BaseModelMetadata.KeyFields(config, seed, options);
        var differences = expected
            .Where(field => metadata.GetValueOrDefault(field.Key) != field.Value)
            .Select(field => $"{field.Key} {metadata.GetValueOrDefault(field.Key) ?? "(none)"} where this build needs {field.Value}")
            .ToList();
        return differences.Count == 0
            ? new(path, ShippedBaseModelStatus.Usable, null)
            : new(path, ShippedBaseModelStatus.Mismatch,
                $"the shipped base model {path} does not match this build ({string.Join("; ", differences)}): pretraining {config.Name} instead. " +
                $"`lorasculpt pretrain --base-model {config.Name} --output src/LoRASculpt.Training/BaseModels/{config.Name}{BaseModelMetadata.Extension}` rebuilds the shipped file");
    }
}

public enum ShippedBaseModelStatus
{
    /// <summary>No file is shipped for the preset.</summary>
    Absent,

    /// <summary>The file is this build's base model of the requested seed and recipe.</summary>
    Usable,

    /// <summary>A file is shipped but for another benchmark version, shape, seed or recipe (or it is unreadable).</summary>
    Mismatch,
}

/// <summary>The outcome of <see cref="ShippedBaseModels.Check"/>; <see cref="Problem"/> says why a mismatch is refused.</summary>
public sealed record ShippedBaseModelCheck(string Path, ShippedBaseModelStatus Status, string? Problem);
