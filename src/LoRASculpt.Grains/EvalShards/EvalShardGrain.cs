using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Grains.EvalShards;

/// <summary>
/// One evaluation shard (key = its job id). The first outcome is stored (durably when it was expensive, see
/// <see cref="OrchestrationOptions.CheckpointThreshold"/>) before the trial hears of it, so a restart between
/// the two loses no expensive work; a re-run shard (retry, lost lease) re-sends the stored outcome to a trial owner.
/// </summary>
public sealed class EvalShardGrain(
    [PersistentState("evalShard", OrchestrationStorage.Name)] IPersistentState<EvalShardState> state,
    IOptions<OrchestrationOptions> options) : Grain, IEvalShardGrain
{
    public async Task Complete(JobOwner owner, EvalShardJob job, EvalShardOutcome outcome)
    {
        if (job.JobId != this.GetPrimaryKeyString())
            throw new ArgumentException($"Shard grain '{this.GetPrimaryKeyString()}' was handed the outcome of job '{job.JobId}'.", nameof(job));
        if (outcome.Dataset != job.Dataset || outcome.ShardIndex != job.ShardIndex || outcome.ShardCount != job.ShardCount)
            throw new ArgumentException($"Outcome of {outcome.Dataset} shard {outcome.ShardIndex}/{outcome.ShardCount} does not match job {job.JobId}.", nameof(outcome));

        if (state.State.Outcome is null)
        {
            state.State.Job = job;
            state.State.Outcome = outcome;
            // Predictions that took long to generate are kept durably; quick ones are regenerated if lost.
            if (outcome.Duration >= options.Value.CheckpointThreshold)
                await state.WriteStateAsync();
        }
        // A re-evaluation run polls its shards; only a trial attempt is told.
        if (owner is TrialAttemptOwner trial)
            await GrainFactory.GetGrain<ITrialGrain>(trial.TrialId).ReportShardCompleted(trial.Attempt, state.State.Outcome);
    }

    public Task<EvalShardOutcome?> GetOutcome() => Task.FromResult(state.State.Outcome);

    public async Task Clear()
    {
        if (state.RecordExists)
            await state.ClearStateAsync();
        state.State = new EvalShardState();
    }
}
