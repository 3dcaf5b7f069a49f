using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Benchmark.Generation;
using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Grains.Trials;

/// <summary>
/// Turns a trial's eval-shard outcomes into its <see cref="TrialResult"/>: per dataset the shards are merged
/// back into dataset order (<see cref="ShardMerge"/>) and scored as one set, so the result equals the
/// unsharded score; Source/Target/Avg follow the paper (<see cref="SuiteScore"/>). On the built-in multiple-choice
/// target the share of option-letter answers is added to the trial's notes.
/// </summary>
public static class TrialScoring
{
    /// <summary>The datasets a trial is evaluated on: its target, then its source tasks.</summary>
    public static ImmutableArray<string> Datasets(TrialConfig config) => [config.TargetTask, .. config.SourceTasks];

    public static TrialResult Score(TrialConfig config, TrainingOutcome training, IReadOnlyCollection<EvalShardOutcome> shards)
    {
        var versions = shards.Select(s => s.SuiteVersion).Distinct(StringComparer.Ordinal).ToArray();
        if (versions.Length != 1)
            throw new InvalidOperationException($"Eval shards disagree on the suite version: {string.Join(", ", versions)}.");

        var tasks = ImmutableArray.CreateBuilder<TaskScore>();
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var diagnostics = training.Diagnostics;
        foreach (var dataset in Datasets(config))
        {
            var parts = shards.Where(s => s.Dataset == dataset)
                .Select(s => new ShardPart<EvalItem>(s.ShardIndex, s.ShardCount, s.Items))
                .ToArray();
            var items = ShardMerge.Merge(parts, item => item.Id);
            var metric = Metric(dataset, shards.Where(s => s.Dataset == dataset));
            var score = TaskScorer.Score(metric, items.Select(i => (i.Id, i.Prediction, (IReadOnlyList<string>)i.References)).ToArray());
            scores[dataset] = score;
            tasks.Add(new TaskScore(dataset, metric.ToString(), score, dataset == config.TargetTask, items.Count));
            if (config.Suite.Length == 0 && dataset == OptionLetterShare.BenchmarkTask)
            {
                // Explains a multiple-choice score below chance in results, where the predictions are not kept.
                var share = OptionLetterShare.Of(items.Select(i => i.Prediction), SceneWords.OptionLetters);
                diagnostics = diagnostics with { Notes = diagnostics.Notes.SetItem(OptionLetterShare.NoteName, share.ToString("F3", CultureInfo.InvariantCulture)) };
            }
        }

        var suite = SuiteScore.Compute(scores, config.TargetTask, config.SourceTasks);
        var evaluationTime = shards.Aggregate(TimeSpan.Zero, (total, s) => total + s.Duration);
        return new TrialResult(tasks.ToImmutable(), suite.Source, suite.Target, suite.Avg, diagnostics,
            training.Duration, evaluationTime, training.AdapterKey, versions[0], training.ResumedFromStep);
    }

    /// <summary>
    /// A suite file's dataset names its metric in its outcomes (the executor read the suite); a built-in task's
    /// metric is the benchmark's.
    /// </summary>
    private static MetricKind Metric(string dataset, IEnumerable<EvalShardOutcome> outcomes)
    {
        var named = outcomes.Select(o => o.Metric).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (named.Length > 1)
            throw new InvalidOperationException($"Eval shards of '{dataset}' disagree on its metric: {string.Join(", ", named)}.");
        if (named.Length == 0)
            return BenchmarkTasks.Get(dataset).Metric;
        return Enum.TryParse<MetricKind>(named[0], ignoreCase: false, out var metric)
            ? metric
            : throw new InvalidOperationException($"Eval shards of '{dataset}' name an unknown metric '{named[0]}'.");
    }
}
