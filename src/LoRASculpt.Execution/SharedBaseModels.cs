using LoRASculpt.Contracts.Execution;
using LoRASculpt.Core.Models;
using LoRASculpt.Training;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Execution;

/// <summary>
/// Pretrained base models shared between silos through the artifact store: a silo without the local file
/// downloads it instead of pretraining, and a silo that pretrained publishes it. Keys follow
/// <see cref="BaseModelStore.Key"/>, so only an identical (preset, seed, recipe) is ever reused. Silos that
/// pretrained at the same time do not produce bit-identical weights, so the first published copy wins and
/// the others replace theirs with it: every trial of a sweep runs on one base model.
/// </summary>
internal sealed class SharedBaseModels(IArtifactStore store, string localDirectory, TrialRunnerOptions runner, bool enabled)
{
    private readonly BaseModelStore _local = new(Path.Combine(localDirectory, "base-models"));

    public void Download(string preset, CancellationToken cancellationToken)
    {
        if (!enabled)
            return;
        var (config, _, _) = Locate(preset);
        if (!_local.Exists(config, runner.BaseSeed, runner.Pretraining))
            DownloadStored(preset, cancellationToken);
    }

    /// <summary>
    /// Publishes the base model this silo just pretrained. False when another silo had already published one:
    /// the local file is then that copy, and the caller must reload it.
    /// </summary>
    public bool Publish(string preset, CancellationToken cancellationToken)
    {
        if (!enabled)
            return true;
        var (_, key, path) = Locate(preset);
        bool created;
        using (var content = File.OpenRead(path))
            created = store.TryCreateAsync(TrialArtifactKeys.BaseModel(key, BaseModelStore.FileName), content, cancellationToken).GetAwaiter().GetResult();
        if (!created)
            DownloadStored(preset, cancellationToken);
        return created;
    }

    private void DownloadStored(string preset, CancellationToken cancellationToken)
    {
        var (_, key, path) = Locate(preset);
        using var source = store.OpenReadAsync(TrialArtifactKeys.BaseModel(key, BaseModelStore.FileName), cancellationToken).GetAwaiter().GetResult();
        if (source is null)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.download";
        try
        {
            using (var target = File.Create(temp))
                source.CopyTo(target);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    private (MllmConfig Config, string Key, string Path) Locate(string preset)
    {
        var config = ModelPresets.Get(preset);
        return (config, BaseModelStore.Key(config, runner.BaseSeed, runner.Pretraining),
            _local.PathFor(config, runner.BaseSeed, runner.Pretraining));
    }
}
