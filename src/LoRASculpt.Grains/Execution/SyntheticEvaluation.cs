using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Grains.Execution;

/// <summary>
/// The synthetic evaluation set: every dataset has <see cref="ItemsPerDataset"/> items whose references
/// depend only on the dataset; a trial answers item k correctly when hash(trial, dataset, k) falls under the
/// trial's hit rate for that dataset. Items depend on (trial, dataset, k) only, so any sharding merges to
/// the same item list and the same score.
/// </summary>
public static class SyntheticEvaluation
{
    public const int ItemsPerDataset = 24;

    private static readonly string[] Colours = ["red", "blue", "green", "yellow", "purple", "orange"];
    private static readonly string[] Shapes = ["circle", "square", "triangle", "star", "hexagon"];

    public static ImmutableArray<EvalItem> ShardItems(string trialId, string dataset, int shardIndex, int shardCount)
    {
        var range = ShardAssignment.Range(ItemsPerDataset, shardIndex, shardCount);
        var metric = BenchmarkTasks.Find(dataset)?.Metric ?? MetricKind.ExactMatch;
        var hitRate = 0.25 + 0.7 * SyntheticHash.Unit(trialId, dataset);
        var items = ImmutableArray.CreateBuilder<EvalItem>(range.Count);
        for (var k = range.Start; k < range.End; k++)
        {
            var references = References(metric, dataset, k);
            var hit = SyntheticHash.Unit(trialId, dataset, k.ToString(CultureInfo.InvariantCulture)) < hitRate;
            var prediction = hit ? references[0] : "no answer";
            items.Add(new EvalItem($"{dataset}-{k:D4}", prediction, references));
        }
        return items.MoveToImmutable();
    }

    private static ImmutableArray<string> References(MetricKind metric, string dataset, int k)
    {
        var colour = Colours[(int)(SyntheticHash.Unit(dataset, "colour", k.ToString(CultureInfo.InvariantCulture)) * Colours.Length)];
        var shape = Shapes[(int)(SyntheticHash.Unit(dataset, "shape", k.ToString(CultureInfo.InvariantCulture)) * Shapes.Length)];
        var other = Shapes[(k * 7 + 3) % Shapes.Length];
        return metric switch
        {
            // Ten annotators, as in VQA: nine agree, one says something else.
            MetricKind.VqaAccuracy => [.. Enumerable.Repeat(shape, 9), other],
            // Captions: several phrasings of one scene, distinct across items so document frequencies are informative.
            MetricKind.CiderD =>
            [
                $"a {colour} {shape} next to a {other} number {k}",
                $"there is a {colour} {shape} beside a {other}",
                $"the {shape} is {colour} and sits near a {other}",
            ],
            _ => [$"{colour} {shape}"],
        };
    }
}
