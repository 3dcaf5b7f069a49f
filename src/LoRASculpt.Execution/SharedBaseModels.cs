using LoRASculpt.Contracts.Execution;
using LoRASculpt.Core.Models;
using LoRASculpt.Training;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Execution;

/// <summary>
/// Pretrained base models shared between silos through the artifact store: a silo without the local file
/// downloads it instead of pretraining, and a silo that pretrained uploads it. Keys follow
/// <see cref="BaseModelStore.Key"/>, so only an identical (preset, seed, recipe) is ever reused.
/// </summary>
internal sealed class SharedBaseModels(IArtifactStore store, string localDirectory, TrialRunnerOptions runner, bool enabled)
{    private readonly BaseModelStore _local = new(Path.Combine(localDirectory, "base-models"));

    public void Download(string preset, CancellationToken cancellationToken)
    {
        if (!enabled)
            return;
        var (config, key, path) = Locate(preset);
        if (_local.Exists(config, runner.BaseSeed, runner.Pretraining))
            return;
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

    public void Upload(string preset, CancellationToken cancellationToken)
    {
        if (!enabled)
            return;
        var (_, key, path) = Locate(preset);
        using var content = File.OpenRead(path);
        store.WriteAsync(TrialArtifactKeys.BaseModel(key, BaseModelStore.FileName), content, cancellationToken).GetAwaiter().GetResult();
    }

    private (MllmConfig Config, string Key, string Path) Locate(string preset)
    {
        var config = ModelPresets.Get(preset);
        return (config, BaseModelStore.Key(config, runner.BaseSeed, runner.Pretraining),
            _local.PathFor(config, runner.BaseSeed, runner.Pretraining));
    }
}
