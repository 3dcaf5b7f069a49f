namespace LoRASculpt.Core.Suites;

/// <summary>
/// One problem in a suite file. <see cref="Path"/> is the JSON path ("datasets[2].metric"; empty for the whole
/// file); <see cref="Line"/> (1-based) is known when the JSON itself does not parse.
/// </summary>
public sealed record SuiteError(string Path, string Message, int? Line = null)
{
    /// <summary>"file:line: path: message", the shape compilers use so editors can jump to it.</summary>
    public string Format(string fileName)
    {
        var location = Line is { } line ? $"{fileName}:{line}" : fileName;
        return Path.Length == 0 ? $"{location}: {Message}" : $"{location}: {Path}: {Message}";
    }

    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>Thrown by <see cref="EvaluationSuiteFile.Load"/> with every problem found, not just the first.</summary>
public sealed class SuiteValidationException(string fileName, IReadOnlyList<SuiteError> errors)
    : Exception(BuildMessage(fileName, errors))
{
    public IReadOnlyList<SuiteError> Errors { get; } = errors;

    private static string BuildMessage(string fileName, IReadOnlyList<SuiteError> errors) =>
        errors.Count == 1
            ? $"Invalid evaluation suite: {errors[0].Format(fileName)}"
            : $"Invalid evaluation suite ({errors.Count} errors):{Environment.NewLine}" +
              string.Join(Environment.NewLine, errors.Select(e => "  - " + e.Format(fileName)));
}
