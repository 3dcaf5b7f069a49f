using System.Collections.Immutable;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Reevaluation;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Evaluation;
using LoRASculpt.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Grains.Reevaluation;

/// <summary>
/// Drives one schedule's open run (see <see cref="ReevaluationScheduleGrain"/>): each pending entry is one
/// <see cref="ShardedEvaluation"/> of its adapter; complete entries are scored onto the leaderboard, failed ones are
/// retried or given up by <see cref="RetryPolicy"/>, missing shards are re-queued now and then, and the run closes when
/// nothing is pending or it timed out. The schedule grain owns the run record and persists it.
/// </summary>
internal sealed partial class ReevaluationRunner(
    IGrainFactory grains, string scheduleId, ReevaluationOptions options, ReevaluationClock clock, ILogger logger)
{
    private static readonly TrainingDiagnostics NoTraining = new([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, 0, ImmutableSortedDictionary<string, string>.Empty);

    /// <summary>Transient failures are retried at once; the limit applies per shard job.</summary>
    private readonly RetryPolicy _retries = new(options.MaxAttemptsPerEntry, TimeSpan.Zero);
    private DateTime? _lastEnqueuedUtc;

    /// <summary>What a look at the run found: whether the record changed, and the run's final state once it closed.</summary>
    public readonly record struct Progress(bool Changed, ReevaluationRunState? Finished);

    /// <summary>Collects finished entries, retries or gives up failed ones, re-queues lost shards, and says when the run is done.</summary>
    public async Task<Progress> AdvanceAsync(ReevaluationScheduleSpec spec, RunRecord run)
    {
        var changed = false;
        var board = grains.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board(spec.BaseModel, spec.TargetTask));
        foreach (var item in run.Pending.ToArray())
        {
            var evaluation = Evaluation(spec, item);
            var outcomes = await Task.WhenAll(evaluation.Jobs.Select(j => Shard(j).GetOutcome()));
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i] is { } outcome)
                    evaluation.Record(evaluation.Jobs[i].JobId, outcome);
            }
            if (!evaluation.IsComplete)
            {
                changed |= await HandleFailuresAsync(run, item, evaluation);
                continue;
            }
            await RecordAsync(board, run, item, evaluation);
            await Task.WhenAll(evaluation.Jobs.Select(j => Shard(j).Clear()));
            await Failures(item).Clear();
            run.Pending.Remove(item);
            run.Evaluated++;
            changed = true;
        }

        var now = clock.UtcNow;
        if (run.Pending.Count == 0)
            return new Progress(true, ReevaluationRunState.Completed);
        if (now - run.StartedUtc > options.RunTimeout)
        {
            foreach (var item in run.Pending)
            {
                var last = await Failures(item).GetLatest();
                var why = $"not evaluated within the run timeout of {options.RunTimeout}" + (last is null ? "" : $"; last failure: {last.Reason}");
                run.Failed.Add(new ReevaluationEntryFailure(item.EntryId, item.SuiteVersion, why));
            }
            return new Progress(true, ReevaluationRunState.Incomplete);
        }
        if (_lastEnqueuedUtc is null || now - _lastEnqueuedUtc >= options.RequeueInterval)
            await EnqueuePendingAsync(spec, run);
        return new Progress(changed, null);
    }

    /// <summary>Queues every pending entry's shards without an outcome (the scheduler ignores ids already queued or running).</summary>
    public async Task EnqueuePendingAsync(ReevaluationScheduleSpec spec, RunRecord run)
    {
        _lastEnqueuedUtc = clock.UtcNow;
        foreach (var item in run.Pending)
            await EnqueueAsync(run, item, Evaluation(spec, item).Jobs);
    }

    /// <summary>
    /// Acts on failures reported since the last look: gives the entry up (deterministic, or a job out of attempts) or
    /// re-queues its missing shards at once. True when the run record changed.
    /// </summary>
    private async Task<bool> HandleFailuresAsync(RunRecord run, RunItem item, ShardedEvaluation evaluation)
    {
        var failures = Failures(item);
        if (await failures.GetLatest() is not { } failure || failure.TotalFailures <= item.FailuresSeen)
            return false;
        item.FailuresSeen = failure.TotalFailures;
        if (_retries.GivesUp(failure.Kind, failure.MaxJobFailures))
        {
            var message = failure.Kind == JobFailureKind.Deterministic
                ? $"{failure.Reason} (job {failure.JobId})"
                : $"{failure.Reason} (job {failure.JobId}, gave up after {failure.MaxJobFailures} attempts)";
            run.Failed.Add(new ReevaluationEntryFailure(item.EntryId, item.SuiteVersion, message));
            run.Pending.Remove(item);
            await failures.Clear();
            LogEntryFailed(scheduleId, run.RunId, item.EntryId, message);
            return true;
        }
        await EnqueueAsync(run, item, [.. evaluation.Missing]);
        return true;
    }

    private async Task RecordAsync(ILeaderboardIndexGrain board, RunRecord run, RunItem item, ShardedEvaluation evaluation)
    {
        var result = evaluation.Score(new TrainingOutcome(item.AdapterKey, NoTraining, TimeSpan.Zero, 0));
        var score = new LeaderboardScore(result.SuiteVersion, result.Tasks, result.Source, result.Target, result.Avg, clock.UtcNow, run.RunId);
        var recorded = await board.RecordScore(item.EntryId, score);
        LoRASculptMetrics.EntriesReevaluated.Add(1);
        LogEntryScored(scheduleId, item.EntryId, result.SuiteVersion, result.Avg, recorded);
    }

    private async Task EnqueueAsync(RunRecord run, RunItem item, IReadOnlyCollection<EvalShardJob> shardJobs)
    {
        var owner = new ReevaluationRunOwner(scheduleId, run.RunId, item.EntryId, item.SuiteVersion);
        var jobs = shardJobs.Select(j => QueuedJob.ForReevaluation(owner, j)).ToImmutableArray();
        if (!jobs.IsEmpty)
            await grains.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.Key).Enqueue(jobs);
    }

    /// <summary>The entry's adapter on the schedule's shards; job ids depend only on (entry, suite version), never on the run.</summary>
    private static ShardedEvaluation Evaluation(ReevaluationScheduleSpec spec, RunItem item) =>
        new(item.Config, spec.EvalShards, item.EntryId, attempt: 0, item.AdapterKey,
            (dataset, shard, count) => ReevaluationIds.EvalShardJob(item.EntryId, item.SuiteVersion, dataset, shard, count));

    private IEvalShardGrain Shard(EvalShardJob job) => grains.GetGrain<IEvalShardGrain>(job.JobId);

    private IReevaluationFailureGrain Failures(RunItem item) =>
        grains.GetGrain<IReevaluationFailureGrain>(ReevaluationIds.EntrySuite(item.EntryId, item.SuiteVersion));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-evaluation {ScheduleId}: run {RunId} gave up entry {EntryId}: {Reason}")]
    private partial void LogEntryFailed(string scheduleId, string runId, string entryId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-evaluation {ScheduleId}: entry {EntryId} scored on {Suite}: Avg {Avg:F2} (recorded {Recorded})")]
    private partial void LogEntryScored(string scheduleId, string entryId, string suite, double avg, bool recorded);
}
