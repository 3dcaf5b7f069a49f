namespace LoRASculpt.Core.Suites;

/// <summary>The outcome of reading a suite file: a suite only when there are no errors at all.</summary>
public sealed record SuiteParseResult(EvaluationSuite? Suite, IReadOnlyList<SuiteError> Errors)
{
    public bool IsValid => Suite is not null && Errors.Count == 0;
}
