using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Execution;

/// <summary>
/// Mirrors one trial's local checkpoint directory to the artifact store: before training the newest stored
/// checkpoint is downloaded (when newer than the local one), and every checkpoint the fine-tuner saves is
/// uploaded once, superseding older stored ones. Runs on the job thread (blocking I/O is fine there).
/// </summary>
internal sealed class CheckpointSync(IArtifactStore store, string trialId, string localDirectory)
{
    private int _uploadedStep = -1;

    public string LocalDirectory { get; } = localDirectory;

    /// <summary>Makes the newest checkpoint (local or stored) available locally; returns its step (0 = none).</summary>
    public int Restore(CancellationToken cancellationToken)
    {
        var local = LocalSteps().DefaultIfEmpty(0).Max();
        var keys = Wait(store.ListAsync(TrialArtifactKeys.CheckpointsPrefix(trialId), cancellationToken));
        var remote = keys
            .Select(k => k.Split('/'))
            .Where(s => s.Length >= 2 && s[^1] == TrialArtifactKeys.CheckpointFile)
            .Select(s => TrialArtifactKeys.StepOf(s[^2]))
            .Where(s => s is not null)
            .Select(s => s!.Value)
            .DefaultIfEmpty(0)
            .Max();
        _uploadedStep = remote;
        if (remote <= local)
            return local;

        var directory = Path.Combine(LocalDirectory, TrialArtifactKeys.CheckpointDirectoryName(remote));
        var temp = Path.Combine(LocalDirectory, $".download-{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            using (var source = Wait(store.OpenReadAsync(TrialArtifactKeys.Checkpoint(trialId, remote), cancellationToken))
                ?? throw new FileNotFoundException($"Checkpoint at step {remote} of trial {trialId} disappeared while downloading."))
            using (var target = File.Create(Path.Combine(temp, TrialArtifactKeys.CheckpointFile)))
                source.CopyTo(target);
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
            Directory.Move(temp, directory);
        }
        finally
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
        }
        return remote;
    }

    /// <summary>Uploads local checkpoints newer than the last uploaded one (the fine-tuner renames them into place complete).</summary>
    public void UploadNew(CancellationToken cancellationToken)
    {
        foreach (var step in LocalSteps().Where(s => s > _uploadedStep).Order())
        {
            var file = Path.Combine(LocalDirectory, TrialArtifactKeys.CheckpointDirectoryName(step), TrialArtifactKeys.CheckpointFile);
            try
            {
                using var content = File.OpenRead(file);
                Wait(store.WriteAsync(TrialArtifactKeys.Checkpoint(trialId, step), content, cancellationToken));
            }
            catch (FileNotFoundException)
            {
                continue; // superseded by a newer checkpoint between listing and reading
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }
            var previous = _uploadedStep;
            _uploadedStep = step;
            if (previous > 0)
                Wait(store.DeleteAsync(TrialArtifactKeys.Checkpoint(trialId, previous), cancellationToken));
        }
    }

    private IEnumerable<int> LocalSteps() =>
        Directory.Exists(LocalDirectory)
            ? Directory.GetDirectories(LocalDirectory)
                .Select(d => TrialArtifactKeys.StepOf(Path.GetFileName(d)))
                .Where(s => s is not null)
                .Select(s => s!.Value)
                .ToArray()
            : [];

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();
}
