using System.Collections.Immutable;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Contracts.Grains;

/// <summary>What <see cref="ITrialGrain.EnsureScheduled"/> found: the trial's snapshot and the jobs the caller must enqueue.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialScheduling(
    [property: Id(0)] TrialSnapshot Snapshot,
    [property: Id(1)] ImmutableArray<QueuedJob> Jobs);

/// <summary>
/// One experiment, keyed by its content-addressed trial id: the same config in two sweeps is one trial
/// with one result. Reports carry the attempt number; late or duplicate reports are ignored.
/// </summary>
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the trial on first call; subscribes <paramref name="sweepId"/> to its changes; and returns
    /// the jobs still needed (training, or the eval shards without an outcome) for non-terminal or
    /// cancelled trials. Completed and failed trials return no jobs.
    /// </summary>
    Task<TrialScheduling> EnsureScheduled(string sweepId, TrialConfig config, int evalShards);

    /// <summary>Withdraws <paramref name="sweepId"/>; cancels the trial when no other running sweep wants it.</summary>
    Task<TrialSnapshot> Cancel(string sweepId);

    /// <summary>
    /// <paramref name="sweepId"/>'s early termination stops the trial while it trains (<paramref name="reason"/> says where and
    /// why). Applied once every running sweep that wants the trial asked for it: the trial ends
    /// <see cref="TrialStatus.StoppedEarly"/> with its last curve point as its result, its jobs are cancelled (freeing the
    /// worker at once), and it is never re-run. Ignored once training is over (evaluating or terminal).
    /// </summary>
    Task<TrialSnapshot> StopEarly(string sweepId, string reason);

    Task<TrialSnapshot> GetSnapshot();

    Task ReportTrainingStarted(int attempt, string workerId);

    Task ReportProgress(int attempt, JobProgress progress, string workerId);

    Task ReportTrainingCompleted(int attempt, TrainingOutcome outcome);

    /// <summary>Called by the eval-shard grain once its outcome is durable.</summary>
    Task ReportShardCompleted(int attempt, EvalShardOutcome outcome);

    /// <summary>A job of this trial failed or its worker was lost (lease expired): retried or failed by kind.</summary>
    Task ReportJobFailed(string jobId, int attempt, JobFailureKind kind, string reason);
}
