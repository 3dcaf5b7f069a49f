namespace LoRASculpt.Training.Datasets;

/// <summary>
/// Appends a dataset's prompt suffix to a question. LLaVA's own question files often carry the suffix already
/// ("...?\nAnswer the question using a single word or phrase."), so a question that ends with it is left alone.
/// </summary>
public static class PromptSuffix
{
    public static string Apply(string question, string suffix)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(suffix);
        if (suffix.Length == 0 || question.EndsWith(suffix, StringComparison.Ordinal))
            return question;
        // Compare without the suffix's leading line break too: "Q?\nAnswer..." already ends with "Answer...".
        var trimmed = suffix.TrimStart('\n', ' ');
        return trimmed.Length > 0 && question.TrimEnd().EndsWith(trimmed, StringComparison.Ordinal) ? question : question + suffix;
    }
}
