using LoRASculpt.Contracts.Jobs;
using Orleans.Concurrency;

namespace LoRASculpt.Contracts.Grains;

/// <summary>
/// One evaluation shard of one trial attempt, keyed <c>{trialId}/a{attempt}/eval/{dataset}/{i}-of-{n}</c>
/// (the job id). Holds the shard's predictions durably until the trial has merged them.
/// </summary>
public interface IEvalShardGrain : IGrainWithStringKey
{
    /// <summary>Stores the outcome (the first one wins) and hands it to the trial.</summary>
    Task Complete(EvalShardJob job, EvalShardOutcome outcome);

    /// <summary>Null while the shard has not completed. Interleaves so a trial can read it while the shard reports to that trial.</summary>
    [AlwaysInterleave]
    Task<EvalShardOutcome?> GetOutcome();

    /// <summary>Drops the stored predictions once the trial's result is durable.</summary>
    Task Clear();
}
