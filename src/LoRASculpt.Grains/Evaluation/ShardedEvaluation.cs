using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Trials;

namespace LoRASculpt.Grains.Evaluation;

/// <summary>
/// One adapter's evaluation on a config's datasets, split into shards: which shard jobs it needs, which outcomes have
/// arrived, which are missing, and the merged score once all are in. Used by a trial attempt and by a re-evaluation
/// run alike, so both enumerate, collect and score shards the same way (sharding cannot change a score).
/// Plain and single-threaded: its owner grain holds it.
/// </summary>
public sealed class ShardedEvaluation
{
    private readonly TrialConfig _config;
    private readonly ImmutableArray<EvalShardJob> _jobs;
    private readonly Dictionary<string, EvalShardOutcome> _outcomes = new(StringComparer.Ordinal);

    /// <param name="jobId">The job id of (dataset, shard index, shard count): deterministic, so re-enqueueing is idempotent.</param>
    public ShardedEvaluation(
        TrialConfig config, int shardsPerDataset, string trialId, int attempt, string adapterKey, Func<string, int, int, string> jobId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardsPerDataset, 1);
        _config = config;
        var jobs = ImmutableArray.CreateBuilder<EvalShardJob>();
        foreach (var dataset in TrialScoring.Datasets(config))
        {
            for (var shard = 0; shard < shardsPerDataset; shard++)
                jobs.Add(new EvalShardJob(jobId(dataset, shard, shardsPerDataset), trialId, attempt, config, adapterKey, dataset, shard, shardsPerDataset));
        }
        _jobs = jobs.ToImmutable();
    }

    /// <summary>Every shard job, target dataset first, shards in order.</summary>
    public ImmutableArray<EvalShardJob> Jobs => _jobs;

    public int Total => _jobs.Length;

    public int Received => _outcomes.Count;

    public bool IsComplete => _outcomes.Count == _jobs.Length;

    /// <summary>The shard jobs without an outcome, in <see cref="Jobs"/> order.</summary>
    public IEnumerable<EvalShardJob> Missing => _jobs.Where(j => !_outcomes.ContainsKey(j.JobId));

    public bool Has(string jobId) => _outcomes.ContainsKey(jobId);

    /// <summary>Keeps the first outcome of one of this evaluation's shards; false for a duplicate or a shard it does not have.</summary>
    public bool Record(string jobId, EvalShardOutcome outcome) =>
        _jobs.Any(j => j.JobId == jobId) && _outcomes.TryAdd(jobId, outcome);

    /// <summary>The merged result once <see cref="IsComplete"/>.</summary>
    /// <exception cref="InvalidOperationException">Shards are missing, or their outcomes disagree (suite version, metric).</exception>
    public TrialResult Score(TrainingOutcome training) =>
        IsComplete
            ? TrialScoring.Score(_config, training, _outcomes.Values)
            : throw new InvalidOperationException($"{Total - Received} of {Total} eval shards have no outcome yet.");
}
