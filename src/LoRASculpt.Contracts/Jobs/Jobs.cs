using System.Collections.Immutable;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Contracts.Jobs;

/// <summary>Fine-tune one trial's adapter. Attempt numbers make retries idempotent.</summary>
[GenerateSerializer, Immutable]
public sealed record TrainingJob(
    [property: Id(0)] string JobId,
    [property: Id(1)] string TrialId,
    [property: Id(2)] int Attempt,
    [property: Id(3)] TrialConfig Config);

/// <summary>
/// Generate answers for shard <c>ShardIndex</c> of <c>ShardCount</c> of one dataset with the adapter <c>AdapterKey</c> of
/// trial <c>TrialId</c>. <c>Attempt</c> is the trial attempt that trained it (0 in a re-evaluation, which takes a
/// leaderboard entry's adapter by key). Reports are routed by the queued job's <see cref="JobOwner"/>, never by these.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EvalShardJob(
    [property: Id(0)] string JobId,
    [property: Id(1)] string TrialId,
    [property: Id(2)] int Attempt,
    [property: Id(3)] TrialConfig Config,
    [property: Id(4)] string AdapterKey,
    [property: Id(5)] string Dataset,
    [property: Id(6)] int ShardIndex,
    [property: Id(7)] int ShardCount);

[GenerateSerializer, Immutable]
public sealed record JobProgress(
    [property: Id(0)] int Step,
    [property: Id(1)] int TotalSteps,
    [property: Id(2)] double Loss,
    [property: Id(3)] double SamplesPerSecond,
    /// <summary>Steps and loss are the base model's while <see cref="TrainingPhase.PretrainingBase"/>.</summary>
    [property: Id(4)] TrainingPhase Phase = TrainingPhase.FineTuning)
{
    /// <summary>Forgetting-curve points measured since the previous report (usually none), in step order.</summary>
    [Id(5)] public ImmutableArray<CurvePoint> Curve { get; init; } = [];
}

[GenerateSerializer, Immutable]
public sealed record TrainingOutcome(
    [property: Id(0)] string AdapterKey,
    [property: Id(1)] TrainingDiagnostics Diagnostics,
    [property: Id(2)] TimeSpan Duration,
    /// <summary>The step training resumed from (0 when it started fresh).</summary>
    [property: Id(3)] int ResumedFromStep)
{
    /// <summary>Every forgetting-curve point this job measured (a resumed job: those after its checkpoint), so none depends on a progress report arriving.</summary>
    [Id(4)] public ImmutableArray<CurvePoint> Curve { get; init; } = [];
}

/// <summary>One generated answer with the references it is scored against.</summary>
[GenerateSerializer, Immutable]
public sealed record EvalItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Prediction,
    [property: Id(2)] ImmutableArray<string> References);

/// <summary>
/// Predictions, not scores: merging shards and scoring the union gives exactly the
/// unsharded score, even for corpus-level metrics such as CIDEr-D.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EvalShardOutcome(
    [property: Id(0)] string Dataset,
    [property: Id(1)] int ShardIndex,
    [property: Id(2)] int ShardCount,
    [property: Id(3)] ImmutableArray<EvalItem> Items,
    [property: Id(4)] TimeSpan Duration,
    [property: Id(5)] string SuiteVersion,
    /// <summary>How the dataset is scored ("ExactMatch", "VqaAccuracy", "CiderD"); "" = the built-in task's metric.</summary>
    [property: Id(6)] string Metric = "");
