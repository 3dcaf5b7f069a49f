using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Storage.Files;

/// <summary>
/// Artifacts as files under a root directory (embedded single-machine mode).
/// Writes go to a temporary file in the target's directory, are flushed to disk, then renamed over the
/// target: rename is atomic, so a reader (or a restart after kill -9) sees the old artifact or the whole
/// new one, never part of it. Leftover temporary files are invisible to every operation.
/// </summary>
public sealed class FileArtifactStore : IArtifactStore
{
    private const int BufferSize = 1 << 16;
    private readonly ArtifactPaths _paths;

    public FileArtifactStore(string rootDirectory)
    {
        _paths = new ArtifactPaths(rootDirectory);
        Directory.CreateDirectory(_paths.Root);
    }

    public string RootDirectory => _paths.Root;

    public Task WriteAsync(string key, Stream content, CancellationToken cancellationToken = default) =>
        WriteAsync(key, content, overwrite: true, cancellationToken);

    public async Task<bool> TryCreateAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        try
        {
            await WriteAsync(key, content, overwrite: false, cancellationToken);
            return true;
        }
        catch (IOException) when (File.Exists(_paths.Resolve(key)))
        {
            return false;
        }
    }

    /// <summary>Writes a temporary file, then renames it into place: readers never see a partial artifact.</summary>
    private async Task WriteAsync(string key, Stream content, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = _paths.Resolve(key);
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        // Creating directories may have raced with someone planting a link: resolve again before writing.
        _paths.Resolve(key);

        var temporary = Path.Combine(directory, $"{Path.GetFileName(target)}{ArtifactPaths.PartialMarker}{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes temporary files left by writes that died (kill -9, power loss) and are older than
    /// <paramref name="minimumAge"/>, so in-flight writes of a running process are left alone. Returns the count.
    /// Call it at start-up; leftovers are harmless meanwhile, only wasted space.
    /// </summary>
    public int RemoveOrphanedPartialFiles(TimeSpan minimumAge)
    {
        var cutoff = DateTime.UtcNow - minimumAge;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(_paths.Root, $"*{ArtifactPaths.PartialMarker}*", options))
        {
            if (File.GetLastWriteTimeUtc(path) > cutoff)
                continue;
            TryDelete(path);
            removed += File.Exists(path) ? 0 : 1;
        }
        return removed;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more; an orphaned temporary file is invisible to every operation.
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = _paths.Resolve(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException || (e is UnauthorizedAccessException && Directory.Exists(path)))
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(_paths.Resolve(key)));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = _paths.Resolve(key);
        if (File.Exists(path))
            File.Delete(path);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Keys starting with <paramref name="prefix"/> (plain string prefix, as in blob storage: "adapters/t1/"
    /// lists that folder, "adapters/t" also matches "adapters/t2/..."), sorted ordinally. "" lists everything.
    /// </summary>
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        // Only the part up to the last '/' names directories; it must itself be a valid key (or empty).
        var lastSlash = prefix.LastIndexOf('/');
        var directory = _paths.Root;
        if (lastSlash > 0)
            directory = _paths.Resolve(prefix[..lastSlash]);
        else if (lastSlash == 0)
            throw new ArgumentException($"Prefix '{prefix}' must not start with '/'.", nameof(prefix));

        if (!Directory.Exists(directory))
            return Task.FromResult<IReadOnlyList<string>>([]);

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint, // never follow links out of the root
            IgnoreInaccessible = true,
        };
        var keys = Directory.EnumerateFiles(directory, "*", options)
            .Select(_paths.KeyOf)
            .OfType<string>()
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult<IReadOnlyList<string>>(keys);
    }
}
