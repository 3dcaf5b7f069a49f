namespace LoRASculpt.Training.Datasets;

/// <summary>One line of LLaVA's evaluation question file: {"question_id", "image", "text"}.</summary>
/// <param name="Image">The image's path relative to the image folder, or null when the line has none.</param>
/// <param name="Line">1-based line in the question file, for error messages.</param>
public sealed record EvaluationQuestion(string Id, string? Image, string Text, int Line);
