using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoRASculpt.Execution;

/// <summary>
/// What one upload of a model put in the artifact store: each file's name and size. Written last, so its presence
/// means the upload finished; downloads fetch exactly these files and check their sizes. Kept locally as the
/// download's completion marker.
/// </summary>
public sealed record ModelManifest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("files")] IReadOnlyList<ModelManifestFile> Files)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    [JsonIgnore]
    public long TotalBytes => Files.Sum(f => f.Bytes);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Parses and validates a manifest: every file name must be a key segment, so a tampered manifest cannot name paths.</summary>
    public static ModelManifest Parse(Stream json)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Model manifest is not valid JSON: {e.Message}", e);
        }
        if (manifest?.Name is null || manifest.Files is null || manifest.Files.Any(f => f?.Name is null || f.Bytes < 0))
            throw new InvalidDataException("Model manifest lacks its name or a file's name or size.");
        ModelArtifactKeys.ValidateName(manifest.Name);
        foreach (var file in manifest.Files)
        {
            // Dot names are reserved for local bookkeeping (the download's ".complete" marker).
            if (ModelArtifactKeys.ValidateName(file.Name).StartsWith('.'))
                throw new InvalidDataException($"Model manifest names a file '{file.Name}': names starting with '.' are not model files.");
        }
        return manifest;
    }
}

/// <summary>One file of an uploaded model.</summary>
public sealed record ModelManifestFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("bytes")] long Bytes);
