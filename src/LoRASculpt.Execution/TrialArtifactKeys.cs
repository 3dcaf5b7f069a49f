using System.Globalization;
using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Execution;

/// <summary>
/// Artifact keys of torch trials. Checkpoints are keyed by trial id only (not attempt), so a retry on any
/// silo continues from the last checkpoint of an earlier attempt; the trial id is a content hash, so only
/// the same configuration can share them.
/// </summary>
public static class TrialArtifactKeys
{
    public const string CheckpointFile = "state.safetensors";
    private const string CheckpointPrefix = "checkpoint-";

    public static string Adapter(string trialId, int attempt) =>
        ArtifactKey.Combine("adapters", trialId, $"a{attempt.ToString(CultureInfo.InvariantCulture)}", "adapter.safetensors");

    public static string CheckpointsPrefix(string trialId) => ArtifactKey.Combine("checkpoints", trialId) + "/";

    /// <summary>Same directory naming as the fine-tuner's local checkpoints ("checkpoint-000040").</summary>
    public static string CheckpointDirectoryName(int step) => $"{CheckpointPrefix}{step.ToString("D6", CultureInfo.InvariantCulture)}";

    public static string Checkpoint(string trialId, int step) =>
        ArtifactKey.Combine("checkpoints", trialId, CheckpointDirectoryName(step), CheckpointFile);

    public static string BaseModel(string storeKey, string fileName) => ArtifactKey.Combine("base-models", storeKey, fileName);

    /// <summary>The step of a checkpoint directory name or key segment, or null.</summary>
    public static int? StepOf(string directoryName) =>
        directoryName.StartsWith(CheckpointPrefix, StringComparison.Ordinal) &&
        int.TryParse(directoryName.AsSpan(CheckpointPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? step
            : null;
}
