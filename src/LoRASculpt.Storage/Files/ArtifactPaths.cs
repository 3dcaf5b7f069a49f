using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Storage.Files;

/// <summary>
/// Maps artifact keys to paths under one root directory and refuses anything that could leave it:
/// keys must pass <see cref="ArtifactKey.Validate"/>, the resolved full path must stay under the root,
/// and no existing directory or file on the way may be a symbolic link (a link could point outside,
/// and resolving link targets portably is fragile, so links under the root are simply not followed).
/// </summary>
internal sealed class ArtifactPaths
{
    /// <summary>Temporary files carry this marker: '~' cannot occur in a key segment, so they are never mistaken for artifacts.</summary>
    public const string PartialMarker = "~partial-";

    private readonly string _rootWithSeparator;

    public ArtifactPaths(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        _rootWithSeparator = Path.EndsInDirectorySeparator(Root) ? Root : Root + Path.DirectorySeparatorChar;
    }

    public string Root { get; }

    public string Resolve(string key)
    {
        ArtifactKey.Validate(key);
        var segments = key.Split('/');
        var fullPath = Path.GetFullPath(Path.Combine([Root, .. segments]));
        if (!fullPath.StartsWith(_rootWithSeparator, StringComparison.Ordinal))
            throw new ArgumentException($"Artifact key '{key}' resolves outside the artifact root.", nameof(key));

        var current = Root;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            // LinkTarget is non-null for any link, dangling or not, to a file or a directory.
            if (new FileInfo(current).LinkTarget is not null)
                throw new UnauthorizedAccessException($"Artifact key '{key}' passes through a symbolic link ('{current}'); links under the artifact root are not followed.");
            if (!File.Exists(current) && !Directory.Exists(current))
                break; // nothing further exists yet, so nothing further can be a link
        }
        return fullPath;
    }

    /// <summary>The key of a file under the root, or null for temporary files and names that are not valid keys.</summary>
    public string? KeyOf(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
        if (relative.Contains(PartialMarker, StringComparison.Ordinal))
            return null;
        try
        {
            return ArtifactKey.Validate(relative);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
