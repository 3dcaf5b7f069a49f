using System.ComponentModel.DataAnnotations;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Execution;

/// <summary>Where torch workers keep local files, and how many torch threads each worker slot gets.</summary>
public sealed class TorchJobExecutorOptions
{
    public const string Section = "Torch";

    /// <summary>
    /// Local scratch directory: base models (base-models/), per-worker checkpoint working copies and the
    /// adapter cache (torch-work/). Artifacts that must survive the machine go through IArtifactStore.
    /// </summary>
    [Required(ErrorMessage = "Torch: LocalDirectory is required (local scratch for base models and checkpoints).")]
    public string LocalDirectory { get; set; } = "";

    /// <summary>Torch intra-op threads (process-wide); 0 = processor count divided by the worker slots, at least 1.</summary>
    [Range(0, 1024, ErrorMessage = "Torch: ThreadsPerProcess must be 0 (automatic) or a thread count.")]
    public int ThreadsPerProcess { get; set; }

    /// <summary>
    /// Share pretrained base models through the artifact store, so a cluster pretrains each base model on one slot
    /// while the others wait for its copy (off in embedded mode, where the local directory already is the shared one).
    /// </summary>
    public bool ShareBaseModels { get; set; } = true;

    /// <summary>
    /// Real base models by name (the last path segment of a trial's base_model) to a local checkpoint directory, for
    /// machines that keep a model elsewhere than the path sweeps name, e.g. Torch:ModelDirectories:llava-1.5-7b-hf =
    /// /mnt/models/llava. Looked at first (see <see cref="ModelDirectoryResolver"/>); names compare ignoring case,
    /// as configuration keys do.
    /// </summary>
    public Dictionary<string, string> ModelDirectories { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The base-model pretraining recipe (part of the base model's key); null = the product default.</summary>
    public PretrainingOptions? Pretraining { get; set; }
}
