using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Metrics;

namespace LoRASculpt.Core.Scoring;

/// <summary>
/// Scores a task's predictions on the 0-100 scale used for Source, Target and Avg:
/// exact match and VQA accuracy as percentages (mean per item x100), CIDEr-D as the corpus score x100
/// (coco-caption's raw CIDEr-D times 100, as COCO results are published; it can exceed 100).
/// </summary>
public static class TaskScorer
{
    public static double Score(string taskName, IReadOnlyList<(string Id, string Prediction, IReadOnlyList<string> References)> items) =>
        Score(BenchmarkTasks.Get(taskName).Metric, items);

    public static double Score(MetricKind metric, IReadOnlyList<(string Id, string Prediction, IReadOnlyList<string> References)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
            throw new ArgumentException("Cannot score an empty set of predictions.", nameof(items));
        return metric switch
        {
            MetricKind.ExactMatch => 100.0 * items.Average(i => ExactMatch.Score(i.Prediction, i.References)),
            MetricKind.VqaAccuracy => 100.0 * items.Average(i => VqaAccuracy.Score(i.Prediction, i.References)),
            MetricKind.CiderD => 100.0 * CiderD.Compute(items.Select(i => new CaptionExample(i.Prediction, i.References)).ToArray()).Corpus,
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
        };
    }
}
