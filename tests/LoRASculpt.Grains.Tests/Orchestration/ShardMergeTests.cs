using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Tests.Support;
using LoRASculpt.Grains.Trials;

namespace LoRASculpt.Grains.Tests.Orchestration;

public sealed class ShardMergeTests
{
    [Fact]
    public async Task Merged_eval_shards_give_exactly_the_unsharded_score()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 3);
        var spec = SyntheticSweeps.Seeds("sharded", count: 3, durationMs: 1, evalShards: 5);
        var submission = await cluster.Sweeps.SubmitAsync(spec);
        await cluster.WaitUntilFinishedAsync(submission.SweepId);
        var results = (await cluster.Sweeps.GetResultsAsync(submission.SweepId))!;
        var plan = (await cluster.Sweeps.GetSpecAsync(submission.SweepId))!;

        Assert.Equal(3 * 3 * 5, cluster.Log.Evaluations);
        foreach (var row in results.Rows)
        {
            var config = LoRASculpt.Sweeps.Expansion.SweepExpander.Expand(plan).Single(t => t.TrialId == row.TrialId).Config;
            var training = new TrainingOutcome(row.Result!.AdapterKey, row.Result.Diagnostics, row.Result.TrainingTime, 0);
            var unsharded = TrialScoring.Datasets(config)
                .Select(d => new EvalShardOutcome(d, 0, 1, SyntheticEvaluation.ShardItems(row.TrialId, d, 0, 1), TimeSpan.Zero, SyntheticJobExecutor.SuiteVersion))
                .ToArray();
            var expected = TrialScoring.Score(config, training, unsharded);

            Assert.Equal(expected.Tasks.Select(t => (t.Task, t.Score, t.Samples)), row.Result.Tasks.Select(t => (t.Task, t.Score, t.Samples)));
            Assert.Equal(expected.Source, row.Result.Source);
            Assert.Equal(expected.Target, row.Result.Target);
            Assert.Equal(expected.Avg, row.Result.Avg);
        }
    }
}
