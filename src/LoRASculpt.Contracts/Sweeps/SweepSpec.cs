using System.Collections.Immutable;

namespace LoRASculpt.Contracts.Sweeps;

/// <summary>
/// A validated sweep file, normalised. Parameter values are canonical invariant strings
/// (e.g. "0.001", "32", "lorasculpt") so expansion and trial ids do not depend on how the
/// file spelled a number.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SweepSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string BaseModel,
    [property: Id(2)] string TargetTask,
    [property: Id(3)] ImmutableArray<string> SourceTasks,
    [property: Id(4)] ImmutableArray<string> Methods,
    [property: Id(5)] GridKind Grid,
    /// <summary>Axes for <see cref="GridKind.Product"/>: parameter name to its values (one value = fixed).</summary>
    [property: Id(6)] ImmutableSortedDictionary<string, ImmutableArray<string>> Parameters,
    /// <summary>Points for <see cref="GridKind.List"/>: each point overrides the fixed parameters.</summary>
    [property: Id(7)] ImmutableArray<ImmutableSortedDictionary<string, string>> Points,
    [property: Id(8)] int MaxTrials,
    /// <summary>How many evaluation shards each dataset is split into.</summary>
    [property: Id(9)] int EvalShards,
    /// <summary>"torch" for real training, "synthetic" for trials that only wait (benchmarks, tests).</summary>
    [property: Id(10)] string ExecutorKind,
    /// <summary>The suite file's absolute path, or "" for the built-in benchmark (see <see cref="Trials.TrialConfig.Suite"/>).</summary>
    [property: Id(11)] string Suite = "",
    /// <summary>For <see cref="GridKind.Random"/> and <see cref="GridKind.Bayes"/>: the parameters drawn per point (the others are fixed, or the seed axis).</summary>
    [property: Id(12)] ImmutableSortedDictionary<string, ParameterDistribution>? Distributions = null,
    /// <summary>For <see cref="GridKind.Random"/> and <see cref="GridKind.Bayes"/>: how many points to draw.</summary>
    [property: Id(13)] int RunCap = 0,
    /// <summary>For <see cref="GridKind.Random"/> and <see cref="GridKind.Bayes"/>: fixes the sequence of drawn points.</summary>
    [property: Id(14)] long SearchSeed = 0,
    /// <summary>For <see cref="GridKind.Bayes"/>: what the search optimises.</summary>
    [property: Id(15)] SweepMetric? Metric = null,
    /// <summary>For <see cref="GridKind.Bayes"/>: how many points may be training at once.</summary>
    [property: Id(16)] int MaxConcurrent = 0,
    /// <summary>Stops weak trials at the forgetting curve's rungs (<c>early_terminate:</c>); null: every trial runs its steps.</summary>
    [property: Id(17)] HyperbandSettings? EarlyTerminate = null);

/// <summary>
/// <c>early_terminate: {type: hyperband, min_iter, eta, max_iter | s}</c>: asynchronous successive halving over the
/// trials' forgetting-curve points (iteration k is a trial's k-th point). Rungs are at <see cref="MinIter"/> x
/// <see cref="Eta"/>^r below <see cref="MaxIter"/>, at most <see cref="Brackets"/> of them when that is set (0: no limit).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HyperbandSettings(
    [property: Id(0)] int MinIter,
    [property: Id(1)] int Eta,
    [property: Id(2)] int MaxIter,
    [property: Id(3)] int Brackets);

/// <summary>One trial's value of the sweep's metric at a rung of early termination, in the order the rung heard of it.</summary>
[GenerateSerializer, Immutable]
public sealed record RungRecord(
    [property: Id(0)] string TrialId,
    [property: Id(1)] double Value);

/// <summary>
/// What a model-based search optimises: one score (<c>avg</c>, <c>source</c>, <c>target</c> or a task's name) or several
/// (a Pareto front), each maximised, or each minimised.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SweepMetric(
    [property: Id(0)] ImmutableArray<string> Names,
    [property: Id(1)] bool Minimize);

[GenerateSerializer]
public enum GridKind
{
    Product = 0,
    List = 1,
    /// <summary>Points drawn from <see cref="SweepSpec.Distributions"/>, reproducibly from <see cref="SweepSpec.SearchSeed"/>.</summary>
    Random = 2,
    /// <summary>Points proposed by a model (TPE) from the trials finished so far, <see cref="SweepSpec.MaxConcurrent"/> at a time.</summary>
    Bayes = 3,
}
