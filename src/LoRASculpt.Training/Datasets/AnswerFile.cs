using System.Text.Json;

namespace LoRASculpt.Training.Datasets;

/// <summary>
/// Reads reference answers keyed by question id. Formats:
/// <list type="bullet">
/// <item>".jsonl": one {"question_id", "answers": [..]} or {"question_id", "answer": ".."} per line, where "answers"
///   holds strings or VQA-style objects {"answer": ".."};</item>
/// <item>".json": an object question_id -&gt; answer or list of answers, or a list of the JSONL records.</item>
/// </list>
/// </summary>
public static class AnswerFile
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new List<string>();
        var answers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            ReadJsonLines(path, answers, errors);
        else
            ReadJson(path, answers, errors);
        return errors.Count == 0 ? answers : throw new DatasetFileException(path, errors);
    }

    private static void ReadJsonLines(string path, Dictionary<string, IReadOnlyList<string>> answers, List<string> errors)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
                continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                ReadRecord(document.RootElement, $"line {lineNumber}", answers, errors);
            }
            catch (JsonException ex)
            {
                errors.Add($"line {lineNumber}: invalid JSON: {ex.Message}");
            }
        }
    }

    private static void ReadJson(string path, Dictionary<string, IReadOnlyList<string>> answers, List<string> errors)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            errors.Add($"{(ex.LineNumber is { } l ? $"line {l + 1}: " : "")}invalid JSON: {ex.Message}");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var record in root.EnumerateArray())
                    ReadRecord(record, $"[{index++}]", answers, errors);
            }
            else if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject())
                    Add(property.Name, ReadAnswers(property.Value, $"'{property.Name}'", errors), $"'{property.Name}'", answers, errors);
            }
            else
            {
                errors.Add($"must be an object question_id -> answers or a list of records; got {JsonIds.KindName(root.ValueKind)}");
            }
        }
    }

    private static void ReadRecord(JsonElement record, string where, Dictionary<string, IReadOnlyList<string>> answers, List<string> errors)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}: must be an object {{\"question_id\", \"answers\"}}; got {JsonIds.KindName(record.ValueKind)}");
            return;
        }
        var id = record.TryGetProperty("question_id", out var idValue) ? JsonIds.Read(idValue) : null;
        if (id is null)
        {
            errors.Add($"{where}: question_id: required: a string or a number");
            return;
        }
        IReadOnlyList<string>? references = null;
        if (record.TryGetProperty("answers", out var list))
            references = ReadAnswers(list, $"{where}: answers", errors);
        else if (record.TryGetProperty("answer", out var single))
            references = ReadAnswers(single, $"{where}: answer", errors);
        else
            errors.Add($"{where}: needs \"answers\" (a list) or \"answer\" (a string)");
        Add(id, references, where, answers, errors);
    }

    /// <summary>A string, a list of strings, or a list of {"answer": ".."} objects; at least one answer.</summary>
    private static IReadOnlyList<string>? ReadAnswers(JsonElement value, string where, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
            return [value.GetString()!];
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            errors.Add($"{where}: must be an answer string or a non-empty list of answers; got {(value.ValueKind == JsonValueKind.Array ? "an empty list" : JsonIds.KindName(value.ValueKind))}");
            return null;
        }
        var references = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
                references.Add(item.GetString()!);
            else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("answer", out var answer) && answer.ValueKind == JsonValueKind.String)
                references.Add(answer.GetString()!);
            else
            {
                errors.Add($"{where}: each answer must be a string or {{\"answer\": \"..\"}}; got {JsonIds.KindName(item.ValueKind)}");
                return null;
            }
        }
        return references;
    }

    private static void Add(string id, IReadOnlyList<string>? references, string where, Dictionary<string, IReadOnlyList<string>> answers, List<string> errors)
    {
        if (references is null)
            return;
        if (!answers.TryAdd(id, references))
            errors.Add($"{where}: question_id '{id}' has answers twice");
    }
}
