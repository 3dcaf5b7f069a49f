namespace LoRASculpt.Training.Datasets;

/// <summary>
/// One question ready to evaluate: the question text with the dataset's prompt suffix (what goes after
/// "USER: &lt;image&gt;\n"), the image's absolute path, and the references the dataset's metric scores against.
/// </summary>
public sealed record EvaluationItem(string Id, string Question, string? ImagePath, IReadOnlyList<string> References)
{
    public bool HasImage => ImagePath is not null;
}
