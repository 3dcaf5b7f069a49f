using LoRASculpt.Contracts.Execution;
using LoRASculpt.Core.Models;
using LoRASculpt.Training;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Execution;

/// <summary>
/// Pretrained base models shared between silos through the artifact store: a silo without the local file
/// downloads it instead of pretraining, and a silo that pretrained publishes it. While one silo pretrains a base
/// it holds a <see cref="BaseModelClaim"/>, and the others wait for its copy instead of pretraining the same
/// model on every machine. Keys follow <see cref="BaseModelStore.Key"/>, so only an identical (preset, seed,
/// recipe) is ever reused. Should two silos still pretrain at once (a claim broken as stale), their weights
/// differ, so the first published copy wins and the others replace theirs with it: every trial of a sweep runs
/// on one base model.
/// </summary>
internal sealed class SharedBaseModels(IArtifactStore store, string localDirectory, TrialRunnerOptions runner, bool enabled,
    TimeProvider? clock = null, BaseModelClaimTiming? timing = null)
{
    private readonly BaseModelStore _local = new(Path.Combine(localDirectory, "base-models"), runner.ShippedBaseModels) { Notice = runner.BaseModelNotice };
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly BaseModelClaimTiming _timing = timing ?? BaseModelClaimTiming.Default;

    /// <summary>
    /// Returns once the base is in the local directory (already there, or downloaded when another silo published
    /// it), or once this caller holds the claim to pretrain it: the caller then pretrains, publishes, and disposes
    /// the claim. Waits while another live owner pretrains (calling <paramref name="waiting"/> once, when it starts
    /// to); breaks a claim not renewed for StaleAfter (its silo died).
    /// </summary>
    public IDisposable? Acquire(string preset, string owner, Action? waiting, CancellationToken cancellationToken)
    {
        if (!enabled)
            return null;
        var (config, key, path) = Locate(preset);
        var claimKey = TrialArtifactKeys.BaseModel(key, BaseModelClaim.FileName);
        var waited = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The build's shipped copy is the same on every silo: nothing to claim or download.
            if (_local.TryInstallShipped(config, runner.BaseSeed, runner.Pretraining) || File.Exists(path) || DownloadStored(preset, cancellationToken))
                return null;
            if (BaseModelClaim.TryTake(store, claimKey, owner, _clock, _timing, cancellationToken) is { } claim)
            {
                // The owner may have published and released its claim between our look and our take: look again.
                bool published;
                try
                {
                    published = File.Exists(path) || DownloadStored(preset, cancellationToken);
                }
                catch
                {
                    claim.Dispose();
                    throw;
                }
                if (!published)
                    return claim;
                claim.Dispose();
                return null;
            }
            if (BaseModelClaim.LastRenewed(store, claimKey, cancellationToken) is not { } renewed)
                continue; // released between our two reads: take it or find the published copy
            if (_clock.GetUtcNow() - renewed > _timing.StaleAfter)
            {
                store.DeleteAsync(claimKey, cancellationToken).GetAwaiter().GetResult();
                continue;
            }
            if (!waited)
                waiting?.Invoke();
            waited = true;
            Task.Delay(_timing.Poll, _clock, cancellationToken).GetAwaiter().GetResult();
        }
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

    private bool DownloadStored(string preset, CancellationToken cancellationToken)
    {
        var (_, key, path) = Locate(preset);
        using var source = store.OpenReadAsync(TrialArtifactKeys.BaseModel(key, BaseModelStore.FileName), cancellationToken).GetAwaiter().GetResult();
        if (source is null)
            return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.download";
        try
        {
            using (var target = File.Create(temp))
                source.CopyTo(target);
            File.Move(temp, path, overwrite: true);
            return true;
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
