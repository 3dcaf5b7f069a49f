using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Execution;

/// <summary>
/// Where real base models (Hugging Face checkpoint directories) live in the artifact store: "models/{name}/{file}",
/// plus the upload's manifest, written last. A model's name is the last path segment of its reference
/// ("/models/llava-1.5-7b-hf" is "llava-1.5-7b-hf"), so every machine finds the same copy whatever its local paths.
/// </summary>
public static class ModelArtifactKeys
{
    public const string Folder = "models";

    /// <summary>Written after every file of an upload: a model without it is incomplete (being uploaded, or the upload died).</summary>
    public const string ManifestFile = "lorasculpt-manifest.json";

    /// <summary>"models/{name}/"; the name is validated.</summary>
    public static string Prefix(string name) => ArtifactKey.Combine(Folder, ValidateName(name)) + "/";

    public static string File(string name, string fileName) => ArtifactKey.Combine(Folder, ValidateName(name), fileName);

    public static string Manifest(string name) => File(name, ManifestFile);

    /// <summary>
    /// The model name of a reference: its last segment ('/' or '\' separated, trailing separators ignored). Throws
    /// <see cref="ArgumentException"/> unless it is one artifact key segment (letters, digits, '.', '_', '-'; not "." or
    /// ".."), so no reference can name a folder outside "models/", in the store or on disk.
    /// </summary>
    public static string NameOf(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var trimmed = reference.Trim().TrimEnd('/', '\\');
        var name = trimmed[(trimmed.LastIndexOfAny(['/', '\\']) + 1)..];
        try
        {
            return ValidateName(name);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"Base model '{reference}' must end in a directory name of letters, digits, '.', '_' or '-' (not '.' or '..'); got '{name}'.",
                nameof(reference));
        }
    }

    /// <summary>A model name is exactly one valid artifact key segment.</summary>
    public static string ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('/', StringComparison.Ordinal))
            throw new ArgumentException($"Model name '{name}' must not contain '/'.", nameof(name));
        return ArtifactKey.Validate(name);
    }
}
