using System.Text.Json;

namespace LoRASculpt.Training.Datasets;

/// <summary>
/// Reads LLaVA's evaluation question files (JSONL, one {"question_id", "image", "text"} per line; blank lines are
/// skipped; other fields such as "category" are ignored). Errors name the line.
/// </summary>
public static class LlavaQuestionFile
{
    public static IReadOnlyList<EvaluationQuestion> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new List<string>();
        var questions = new List<EvaluationQuestion>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
                continue;
            var question = ReadLine(line, lineNumber, errors);
            if (question is null)
                continue;
            if (firstLineOfId.TryGetValue(question.Id, out var first))
            {
                errors.Add($"line {lineNumber}: question_id '{question.Id}' repeats line {first}");
                continue;
            }
            firstLineOfId[question.Id] = lineNumber;
            questions.Add(question);
        }
        return errors.Count == 0 ? questions : throw new DatasetFileException(path, errors);
    }

    private static EvaluationQuestion? ReadLine(string line, int lineNumber, List<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            errors.Add($"line {lineNumber}: invalid JSON: {ex.Message}");
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"line {lineNumber}: must be an object {{\"question_id\", \"image\", \"text\"}}; got {JsonIds.KindName(root.ValueKind)}");
                return null;
            }
            var before = errors.Count;
            var id = root.TryGetProperty("question_id", out var idValue) ? JsonIds.Read(idValue) : null;
            if (id is null)
                errors.Add($"line {lineNumber}: question_id: required: a string or a number");
            string? text = null;
            if (root.TryGetProperty("text", out var textValue) && textValue.ValueKind == JsonValueKind.String)
                text = textValue.GetString();
            else
                errors.Add($"line {lineNumber}: text: required: the question as a string");
            string? image = null;
            if (root.TryGetProperty("image", out var imageValue) && imageValue.ValueKind != JsonValueKind.Null)
            {
                if (imageValue.ValueKind == JsonValueKind.String && imageValue.GetString()!.Trim().Length > 0)
                    image = imageValue.GetString();
                else
                    errors.Add($"line {lineNumber}: image: must be a relative path to an image file");
            }
            return errors.Count > before ? null : new EvaluationQuestion(id!, image, text!, lineNumber);
        }
    }
}
