namespace LoRASculpt.Training.Datasets;

/// <summary>
/// A data file that cannot be used, with every problem found in it. Each error already names where it is
/// ("entry 12 (id '000000033471'): conversations[1].from: ..." or "line 7: ..."); the message shows the first
/// <see cref="MaxErrorsInMessage"/>.
/// </summary>
public sealed class DatasetFileException(string filePath, IReadOnlyList<string> errors)
    : Exception(BuildMessage(filePath, errors))
{
    public const int MaxErrorsInMessage = 20;

    public string FilePath { get; } = filePath;

    public IReadOnlyList<string> Errors { get; } = errors;

    private static string BuildMessage(string filePath, IReadOnlyList<string> errors)
    {
        if (errors.Count == 1)
            return $"{filePath}: {errors[0]}";
        var shown = errors.Take(MaxErrorsInMessage).Select(e => "  - " + e);
        var more = errors.Count > MaxErrorsInMessage ? [$"  ... and {errors.Count - MaxErrorsInMessage} more"] : Array.Empty<string>();
        return $"{filePath} ({errors.Count} errors):{Environment.NewLine}{string.Join(Environment.NewLine, shown.Concat(more))}";
    }
}
