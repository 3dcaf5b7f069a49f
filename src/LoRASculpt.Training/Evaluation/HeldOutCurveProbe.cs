using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Finetuning;

namespace LoRASculpt.Training.Evaluation;

/// <summary>
/// A forgetting-curve point: greedy answers on the curve slice (the first curve_samples evaluation items) of the target
/// and every source task, scored with each task's own metric, Source averaged over the sources as in final scoring.
/// </summary>
/// <param name="predict">Greedy answers of the model as it is now on a task's curve slice.</param>
public sealed class HeldOutCurveProbe(TrialSettings settings, Func<string, CancellationToken, IReadOnlyList<PredictionItem>> predict) : ICurveProbe
{
    public SuiteScore Measure(CancellationToken cancellationToken)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var task in settings.SourceTasks.Prepend(settings.TargetTask))
        {
            var metric = settings.Suite?.Get(task).Metric ?? BenchmarkTasks.Get(task).Metric;
            scores[task] = TaskScorer.Score(metric, predict(task, cancellationToken).Select(p => p.AsTuple()).ToArray());
        }
        return SuiteScore.Compute(scores, settings.TargetTask, settings.SourceTasks);
    }
}
