using LoRASculpt.Core.Benchmark;

namespace LoRASculpt.Core.Suites;

/// <summary>
/// One dataset of an evaluation suite. <see cref="Files"/> is null for the built-in procedural benchmark,
/// whose data is generated rather than read.
/// </summary>
/// <param name="Name">Unique within the suite; what scores are recorded under.</param>
/// <param name="PromptSuffix">Appended verbatim to each question that does not already end with it
/// (LLaVA's VQA files: "\nAnswer the question using a single word or phrase.").</param>
/// <param name="MaxNewTokens">Greedy-decoding budget per answer.</param>
/// <param name="Sample">The suite's own evaluation subset (the paper samples 2,000 OCR-VQA questions); null = every question.</param>
public sealed record SuiteDataset(
    string Name,
    SuiteDatasetRole Role,
    MetricKind Metric,
    string PromptSuffix,
    int MaxNewTokens,
    SuiteDatasetFiles? Files,
    EvalSubset? Sample)
{
    public bool IsTarget => Role == SuiteDatasetRole.Target;
}
