using System.Collections.Immutable;

namespace LoRASculpt.Contracts.Trials;

/// <summary>
/// One point of a sweep: everything that determines a fine-tuning run. The trial id is a
/// content hash of this record, so the same configuration always gets the same id.
/// Hyperparameters use the training catalogue's names and canonical invariant strings.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrialConfig(
    [property: Id(0)] string BaseModel,
    [property: Id(1)] string TargetTask,
    [property: Id(2)] ImmutableArray<string> SourceTasks,
    [property: Id(3)] string Method,
    [property: Id(4)] ImmutableSortedDictionary<string, string> Hyperparameters,
    [property: Id(5)] string ExecutorKind,
    /// <summary>
    /// The evaluation suite file the target and source tasks come from (an absolute path), or "" for the
    /// built-in benchmark. <see cref="BaseModel"/> is then a checkpoint directory.
    /// </summary>
    [property: Id(6)] string Suite = "");
