using System.Collections.Concurrent;
using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Execution;

/// <summary>
/// Finds the local checkpoint directory of a real base model reference (a trial's base_model, e.g.
/// "/models/llava-1.5-7b-hf"), in this order: the directory configured for its name (Torch:ModelDirectories), the
/// path itself when this machine has it, else the uploaded copy in the artifact store, downloaded once into
/// {LocalDirectory}/models/{name}/ and kept for every later trial. Blocking; call it on a job thread.
/// </summary>
public sealed class ModelDirectoryResolver(IArtifactStore store, TorchJobExecutorOptions options)
{
    /// <summary>Written (with the manifest's content) after every file of a download: without it the folder is downloaded again.</summary>
    public const string CompleteMarker = ".complete";

    private const int BufferSize = 1 << 20;

    /// <summary>One download per target folder in this process: the other slots of the silo wait for it.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Downloads = new(StringComparer.Ordinal);

    private readonly UploadedModels _uploaded = new(store);

    /// <summary>Where downloaded models are kept: {LocalDirectory}/models.</summary>
    public string ModelsDirectory { get; } = Path.Combine(Path.GetFullPath(options.LocalDirectory), ModelArtifactKeys.Folder);

    /// <summary>
    /// The local directory holding the checkpoint <paramref name="baseModelPath"/> names. Throws
    /// <see cref="ArgumentException"/> for a reference whose last segment is not a valid model name (so none can leave
    /// the models folder) and <see cref="ModelNotFoundException"/> naming every place looked when none has it.
    /// </summary>
    public string Resolve(string baseModelPath, CancellationToken cancellationToken)
    {
        var name = ModelArtifactKeys.NameOf(baseModelPath);

        var configured = options.ModelDirectories.TryGetValue(name, out var mapped) && !string.IsNullOrWhiteSpace(mapped)
            ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(mapped))
            : null;
        if (configured is not null)
        {
            return CheckpointFiles.IsCheckpoint(configured)
                ? configured
                : throw new ModelNotFoundException($"Base model '{baseModelPath}': {ConfigurationKey(name)} is '{configured}', which has no {CheckpointFiles.Config}.");
        }

        // Only an absolute path names a place on this machine; a bare name would depend on the working directory.
        // The download folder itself is only trusted with its marker (it may hold half a download).
        var target = Path.Combine(ModelsDirectory, name);
        var local = Path.IsPathFullyQualified(baseModelPath) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseModelPath)) : null;
        if (local is not null && local != target && CheckpointFiles.IsCheckpoint(local))
            return local;

        if (IsComplete(target))
            return target;
        var gate = Downloads.GetOrAdd(target, _ => new SemaphoreSlim(1, 1));
        gate.Wait(cancellationToken);
        try
        {
            if (IsComplete(target))
                return target;
            var manifest = _uploaded.ReadManifestAsync(name, cancellationToken).GetAwaiter().GetResult()
                ?? throw NotFound(baseModelPath, name, cancellationToken);
            Download(manifest, target, cancellationToken);
            return target;
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool IsComplete(string directory) =>
        File.Exists(Path.Combine(directory, CompleteMarker)) && CheckpointFiles.IsCheckpoint(directory);

    /// <summary>Starts over in an emptied folder: without the marker nothing in it is known to be whole.</summary>
    private void Download(ModelManifest manifest, string target, CancellationToken cancellationToken)
    {
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(target);
        EnsureSpace(target, manifest);

        foreach (var file in manifest.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(target, file.Name);
            var temp = $"{path}.{Guid.NewGuid():N}.download";
            try
            {
                using (var source = store.OpenReadAsync(ModelArtifactKeys.File(manifest.Name, file.Name), cancellationToken).GetAwaiter().GetResult()
                    ?? throw new FileNotFoundException($"Model '{manifest.Name}': '{file.Name}' is listed in its manifest but not in the artifact store; upload the model again."))
                using (var destination = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
                {
                    var copied = Copy(source, destination, cancellationToken);
                    if (copied != file.Bytes)
                        throw new InvalidDataException($"Model '{manifest.Name}': '{file.Name}' downloaded {copied} bytes, its manifest says {file.Bytes}.");
                    destination.Flush(flushToDisk: true);
                }
                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }
        }

        var marker = Path.Combine(target, CompleteMarker);
        File.WriteAllBytes(marker + ".tmp", manifest.ToJson());
        File.Move(marker + ".tmp", marker, overwrite: true);
    }

    /// <summary>Streams in chunks (weights files exceed 2 GB), checking for cancellation between them.</summary>
    private static long Copy(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            destination.Write(buffer, 0, read);
            total += read;
        }
        return total;
    }

    /// <summary>A clear error up front instead of a disk-full failure halfway through many gigabytes.</summary>
    private static void EnsureSpace(string directory, ModelManifest manifest)
    {
        long free;
        try
        {
            free = new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return; // unknown: let the copy find out
        }
        if (free < manifest.TotalBytes)
            throw new IOException($"Model '{manifest.Name}' needs {manifest.TotalBytes:N0} bytes in {directory}; only {free:N0} are free.");
    }

    private ModelNotFoundException NotFound(string reference, string name, CancellationToken cancellationToken)
    {
        var local = !Path.IsPathFullyQualified(reference) ? "not an absolute path"
            : Directory.Exists(reference) ? $"the directory has no {CheckpointFiles.Config}"
            : "no such directory";
        var stored = store.ListAsync(ModelArtifactKeys.Prefix(name), cancellationToken).GetAwaiter().GetResult().Count;
        var remote = stored == 0
            ? $"nothing uploaded (run `lorasculpt model upload DIR --name {name}` once)"
            : $"{stored} files but no manifest (an upload is running or died; run `lorasculpt model upload DIR --name {name}` again)";
        return new ModelNotFoundException(
            $"Base model '{reference}' was not found. Looked in: (1) {ConfigurationKey(name)}: not configured; " +
            $"(2) '{reference}' on this machine ({Environment.MachineName}): {local}; " +
            $"(3) the artifact store under {ModelArtifactKeys.Prefix(name)}: {remote}.");
    }

    private static string ConfigurationKey(string name) => $"{TorchJobExecutorOptions.Section}:{nameof(TorchJobExecutorOptions.ModelDirectories)}:{name}";
}
