using LoRASculpt.Contracts.Jobs;
using Orleans.Concurrency;

namespace LoRASculpt.Contracts.Grains;

/// <summary>
/// One evaluation shard, keyed by its job id (<c>{trialId}/a{attempt}/eval/{dataset}/{i}-of-{n}</c> for a trial
/// attempt, <c>{entryId}/reeval-{suite}/eval/{dataset}/{i}-of-{n}</c> for a re-evaluation). Holds the shard's
/// predictions until its owner has merged them.
/// </summary>
public interface IEvalShardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the outcome (the first one wins) and hands it to a trial <paramref name="owner"/>; a re-evaluation run
    /// reads it here when it polls.
    /// </summary>
    Task Complete(JobOwner owner, EvalShardJob job, EvalShardOutcome outcome);

    /// <summary>Null while the shard has not completed. Interleaves so a trial can read it while the shard reports to that trial.</summary>
    [AlwaysInterleave]
    Task<EvalShardOutcome?> GetOutcome();

    /// <summary>Drops the stored predictions once the trial's result is durable.</summary>
    Task Clear();
}
