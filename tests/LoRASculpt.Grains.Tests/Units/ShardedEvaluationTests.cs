using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Evaluation;

namespace LoRASculpt.Grains.Tests.Units;

/// <summary>The evaluation component a trial attempt and a re-evaluation run share: enumeration, collection, scoring.</summary>
public sealed class ShardedEvaluationTests
{
    private static readonly TrialConfig Config = new("tiny-llava", "icon-mc", ["text-ocr"], "lora", ImmutableSortedDictionary<string, string>.Empty, "synthetic");

    private static readonly TrainingOutcome Training = new("adapters/t1/a2",
        new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, 0, ImmutableSortedDictionary<string, string>.Empty), TimeSpan.FromSeconds(3), 0);

    private static ShardedEvaluation TrialAttempt() =>
        new(Config, shardsPerDataset: 2, "t1", attempt: 2, "adapters/t1/a2", (d, i, n) => JobIds.EvalShard("t1", 2, d, i, n));

    /// <summary>Exact match on both tasks: item q{k} of a dataset is right when its prediction is "yes".</summary>
    private static EvalShardOutcome Outcome(string dataset, int shard, params string[] predictions) =>
        new(dataset, shard, 2, [.. predictions.Select((p, k) => new EvalItem($"q{2 * shard + k}", p, ["yes"]))], TimeSpan.FromSeconds(1), "synthetic-1");

    [Fact]
    public void Enumerates_target_then_source_shards_with_the_owners_job_ids()
    {
        var evaluation = TrialAttempt();

        Assert.Equal(
            ["t1/a2/eval/icon-mc/0-of-2", "t1/a2/eval/icon-mc/1-of-2", "t1/a2/eval/text-ocr/0-of-2", "t1/a2/eval/text-ocr/1-of-2"],
            evaluation.Jobs.Select(j => j.JobId));
        Assert.All(evaluation.Jobs, j => Assert.Equal(("t1", 2, "adapters/t1/a2", 2), (j.TrialId, j.Attempt, j.AdapterKey, j.ShardCount)));
        Assert.Equal((4, 0, false), (evaluation.Total, evaluation.Received, evaluation.IsComplete));
    }

    [Fact]
    public void Keeps_the_first_outcome_of_each_of_its_shards_and_lists_the_missing_ones()
    {
        var evaluation = TrialAttempt();

        Assert.True(evaluation.Record("t1/a2/eval/icon-mc/1-of-2", Outcome("icon-mc", 1, "yes", "no")));
        Assert.False(evaluation.Record("t1/a2/eval/icon-mc/1-of-2", Outcome("icon-mc", 1, "no", "no")));
        Assert.False(evaluation.Record("t1/a1/eval/icon-mc/0-of-2", Outcome("icon-mc", 0, "yes", "yes")));

        Assert.Equal(1, evaluation.Received);
        Assert.Equal(["t1/a2/eval/icon-mc/0-of-2", "t1/a2/eval/text-ocr/0-of-2", "t1/a2/eval/text-ocr/1-of-2"], evaluation.Missing.Select(j => j.JobId));
        Assert.Throws<InvalidOperationException>(() => evaluation.Score(Training));
    }

    [Fact]
    public void Scores_the_merged_shards_once_all_are_in()
    {
        var evaluation = TrialAttempt();
        evaluation.Record("t1/a2/eval/text-ocr/1-of-2", Outcome("text-ocr", 1, "no", "no"));
        evaluation.Record("t1/a2/eval/icon-mc/0-of-2", Outcome("icon-mc", 0, "yes", "yes"));
        evaluation.Record("t1/a2/eval/text-ocr/0-of-2", Outcome("text-ocr", 0, "yes", "no"));
        evaluation.Record("t1/a2/eval/icon-mc/1-of-2", Outcome("icon-mc", 1, "yes", "no"));

        var result = evaluation.Score(Training);

        // Target icon-mc: 3 of 4 right; source text-ocr: 1 of 4.
        Assert.Equal((75.0, 25.0, 50.0), (result.Target, result.Source, result.Avg));
        Assert.Equal([("icon-mc", 4), ("text-ocr", 4)], result.Tasks.Select(t => (t.Task, t.Samples)));
        Assert.Equal(("synthetic-1", TimeSpan.FromSeconds(4), "adapters/t1/a2"), (result.SuiteVersion, result.EvaluationTime, result.AdapterKey));
    }

    [Fact]
    public void A_re_evaluation_names_its_jobs_by_entry_and_suite_and_belongs_to_no_attempt()
    {
        var evaluation = new ShardedEvaluation(Config, 1, "e1", attempt: 0, "adapters/e1",
            (d, i, n) => Contracts.Reevaluation.ReevaluationIds.EvalShardJob("e1", "synthetic-2", d, i, n));

        Assert.Equal(["e1/reeval-synthetic-2/eval/icon-mc/0-of-1", "e1/reeval-synthetic-2/eval/text-ocr/0-of-1"], evaluation.Jobs.Select(j => j.JobId));
        Assert.All(evaluation.Jobs, j => Assert.Equal(0, j.Attempt));
    }
}
