using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Trials;

namespace LoRASculpt.Grains.Tests.Units;

/// <summary>
/// Suite datasets are not built-in tasks: their eval-shard outcomes name the metric and the suite version, and a
/// trial (or a re-evaluation run) is scored by those, with the same shard merge as the built-in benchmark.
/// </summary>
public sealed class SuiteTrialScoringTests
{
    private static readonly TrialConfig Config = new("/models/llava-1.5-7b-hf", "side", ["colour"], "lora",
        ImmutableSortedDictionary<string, string>.Empty, "torch", "/data/suite.json");

    private static readonly TrainingOutcome Training = new("adapters/t/a1/adapter.safetensors",
        new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, 0, ImmutableSortedDictionary<string, string>.Empty), TimeSpan.Zero, 0);

    private static EvalItem Item(string id, string prediction, params string[] references) => new(id, prediction, [.. references]);

    [Fact]
    public void Each_suite_dataset_is_scored_by_the_metric_its_outcomes_name()
    {
        string[] ten(string a) => Enumerable.Repeat(a, 10).ToArray();
        var outcomes = new[]
        {
            // side, exact match, two shards: 1 of 3 right.
            new EvalShardOutcome("side", 1, 2, [Item("q2", "right", "left")], TimeSpan.Zero, "v1+abc", "ExactMatch"),
            new EvalShardOutcome("side", 0, 2, [Item("q0", "Left", "left"), Item("q1", "left", "right")], TimeSpan.Zero, "v1+abc", "ExactMatch"),
            // colour, VQA accuracy over ten annotators, averaged over the ten leave-one-out subsets: all ten agree = 1;
            // two of ten agree = (2 x min(1/3, 1) + 8 x min(2/3, 1)) / 10 = 0.6.
            new EvalShardOutcome("colour", 0, 1, [Item("q0", "red", ten("red")), Item("q1", "blue", [.. Enumerable.Repeat("blue", 2), .. Enumerable.Repeat("green", 8)])],
                TimeSpan.Zero, "v1+abc", "VqaAccuracy"),
        };

        var result = TrialScoring.Score(Config, Training, outcomes);

        Assert.Equal("v1+abc", result.SuiteVersion);
        Assert.Equal([("side", "ExactMatch", true, 3), ("colour", "VqaAccuracy", false, 2)], result.Tasks.Select(t => (t.Task, t.Metric, t.IsTarget, t.Samples)));
        Assert.Equal(100.0 / 3, result.Target, 10);
        Assert.Equal(100.0 * (1 + 0.6) / 2, result.Source, 10);
        Assert.Equal((result.Source + result.Target) / 2, result.Avg, 10);
    }

    [Fact]
    public void Shards_that_disagree_on_a_datasets_metric_are_an_error()
    {
        var outcomes = new[]
        {
            new EvalShardOutcome("side", 0, 2, [Item("q0", "left", "left")], TimeSpan.Zero, "v1+abc", "ExactMatch"),
            new EvalShardOutcome("side", 1, 2, [Item("q1", "left", "left")], TimeSpan.Zero, "v1+abc", "VqaAccuracy"),
            new EvalShardOutcome("colour", 0, 1, [Item("q0", "red", "red")], TimeSpan.Zero, "v1+abc", "VqaAccuracy"),
        };

        var error = Assert.Throws<InvalidOperationException>(() => TrialScoring.Score(Config, Training, outcomes));
        Assert.Contains("'side' disagree on its metric", error.Message);
    }
}
