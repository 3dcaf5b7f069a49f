using LoRASculpt.Core.Benchmark;

namespace LoRASculpt.Core.Suites;

/// <summary>Suites that need no files.</summary>
public static class EvaluationSuites
{
    public const string BuiltinName = "builtin";

    /// <summary>Bump when the procedural benchmark's generators change what they produce.</summary>
    public const string BuiltinVersion = "builtin-1";

    /// <summary>
    /// The built-in procedural benchmark's six tasks (<see cref="BenchmarkTasks.All"/>) as one suite: four sources,
    /// two targets, the same metrics, no prompt suffix, and the evaluator's budgets (captions 32 tokens, answers 6).
    /// </summary>
    public static EvaluationSuite Builtin { get; } = CreateBuiltin();

    private static EvaluationSuite CreateBuiltin()
    {
        var datasets = BenchmarkTasks.All
            .Select(t => new SuiteDataset(
                t.Name,
                t.IsTarget ? SuiteDatasetRole.Target : SuiteDatasetRole.Source,
                t.Metric,
                PromptSuffix: "",
                MaxNewTokens: t.Metric == MetricKind.CiderD ? 32 : 6,
                Files: null,
                Sample: null))
            .ToArray();
        return new EvaluationSuite(BuiltinName, BuiltinVersion, SuiteContentHash.Compute(datasets), datasets);
    }
}
