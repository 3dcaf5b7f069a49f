using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Execution;

/// <summary>
/// Real base models in the artifact store under "models/{name}/": uploads a checkpoint directory (streaming each file,
/// the manifest last) and lists what is there. A re-upload first removes the manifest, so no silo downloads a mix of
/// two uploads while it runs.
/// </summary>
public sealed class UploadedModels(IArtifactStore store)
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Uploads the model files of <paramref name="directory"/> (see <see cref="CheckpointFiles.Select"/>, which throws for
    /// a directory that is not a checkpoint) as model <paramref name="name"/>; <paramref name="uploaded"/> hears of each
    /// file once it is stored. Files a previous upload of that name had and this one lacks are deleted.
    /// </summary>
    public async Task<ModelManifest> UploadAsync(string directory, string name, Action<ModelManifestFile>? uploaded = null, CancellationToken cancellationToken = default)
    {
        ModelArtifactKeys.ValidateName(name);
        var selection = CheckpointFiles.Select(directory);
        await store.DeleteAsync(ModelArtifactKeys.Manifest(name), cancellationToken);

        var files = new List<ModelManifestFile>();
        foreach (var fileName in selection.Files)
        {
            ModelManifestFile file;
            await using (var content = new FileStream(Path.Combine(directory, fileName), FileMode.Open, FileAccess.Read, FileShare.Read,
                BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                file = new ModelManifestFile(fileName, content.Length);
                await store.WriteAsync(ModelArtifactKeys.File(name, fileName), content, cancellationToken);
            }
            files.Add(file);
            uploaded?.Invoke(file);
        }

        var current = files.Select(f => ModelArtifactKeys.File(name, f.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in (await store.ListAsync(ModelArtifactKeys.Prefix(name), cancellationToken)).Where(k => !current.Contains(k)))
            await store.DeleteAsync(stale, cancellationToken);

        var manifest = new ModelManifest(name, files);
        using (var json = new MemoryStream(manifest.ToJson()))
            await store.WriteAsync(ModelArtifactKeys.Manifest(name), json, cancellationToken);
        return manifest;
    }

    /// <summary>Every model name with files in the store, in ordinal order, with its manifest (null: incomplete upload).</summary>
    public async Task<IReadOnlyList<UploadedModel>> ListAsync(CancellationToken cancellationToken = default)
    {
        var keys = await store.ListAsync(ModelArtifactKeys.Folder + "/", cancellationToken);
        var models = new List<UploadedModel>();
        foreach (var group in keys.Select(k => k.Split('/')).Where(s => s.Length == 3).GroupBy(s => s[1], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var stored = group.Count(s => s[2] != ModelArtifactKeys.ManifestFile);
            models.Add(new UploadedModel(group.Key, await ReadManifestAsync(group.Key, cancellationToken), stored));
        }
        return models;
    }

    /// <summary>The manifest of a finished upload of <paramref name="name"/>, or null.</summary>
    public async Task<ModelManifest?> ReadManifestAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var json = await store.OpenReadAsync(ModelArtifactKeys.Manifest(name), cancellationToken);
        return json is null ? null : ModelManifest.Parse(json);
    }
}

/// <summary>A model name in the store: its manifest when its upload finished (null otherwise), and how many files are stored.</summary>
public sealed record UploadedModel(string Name, ModelManifest? Manifest, int StoredFiles);
