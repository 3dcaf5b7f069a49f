using LoRASculpt.Core.Benchmark;

namespace LoRASculpt.Core.Scoring;

/// <summary>
/// The paper's summary numbers (supplementary Eq. 42): Source = plain mean of the source tasks' scores,
/// Target = the target task's score, Avg = (Source + Target) / 2. All on the 0-100 scale.
/// </summary>
public sealed record SuiteScore(double Source, double Target, double Avg)
{
    /// <summary>Source tasks default to every source task of <see cref="BenchmarkTasks"/>.</summary>
    public static SuiteScore Compute(IReadOnlyDictionary<string, double> taskScores, string targetTask, IReadOnlyList<string>? sourceTasks = null)
    {
        ArgumentNullException.ThrowIfNull(taskScores);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetTask);
        sourceTasks ??= BenchmarkTasks.SourceNames;
        if (sourceTasks.Count == 0)
            throw new ArgumentException("At least one source task is required.", nameof(sourceTasks));
        if (sourceTasks.Contains(targetTask))
            throw new ArgumentException($"Task '{targetTask}' cannot be both the target and a source task.", nameof(targetTask));

        var missing = sourceTasks.Append(targetTask).Where(t => !taskScores.ContainsKey(t)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"Missing scores for: {string.Join(", ", missing)}.", nameof(taskScores));

        var source = sourceTasks.Average(t => taskScores[t]);
        var target = taskScores[targetTask];
        return new SuiteScore(source, target, (source + target) / 2);
    }
}
