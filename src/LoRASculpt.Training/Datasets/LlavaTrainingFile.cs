using System.Text.Json;

namespace LoRASculpt.Training.Datasets;

/// <summary>
/// Reads LLaVA's training JSON: a list of {"id", "image" (optional, relative to the image folder),
/// "conversations": [{"from": "human", "value": "&lt;image&gt;\n..."}, {"from": "gpt", "value": "..."}, ...]},
/// the format LLaVA and the paper's authors ship training sets in. Other fields of an entry are ignored.
/// <para>
/// Stricter than LLaVA, which skips a leading gpt turn, asserts on non-alternating turns, and silently drops an
/// image that has no placeholder: every problem is reported, with the entry's index, id and field.
/// </para>
/// </summary>
public static class LlavaTrainingFile
{
    public const string Human = "human";
    public const string Gpt = "gpt";

    /// <summary>Reads every entry; throws <see cref="DatasetFileException"/> listing all problems.</summary>
    public static IReadOnlyList<TrainingConversation> Load(string jsonPath, string imageFolder)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        ArgumentNullException.ThrowIfNull(imageFolder);
        var errors = new List<string>();
        var conversations = new List<TrainingConversation>();
        using (var document = Parse(jsonPath))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
                throw new DatasetFileException(jsonPath, [$"must be a JSON list of entries; got {JsonIds.KindName(root.ValueKind)}"]);
            var index = 0;
            foreach (var entry in root.EnumerateArray())
            {
                var conversation = LlavaTrainingEntry.Read(entry, index++, imageFolder, errors);
                if (conversation is not null)
                    conversations.Add(conversation);
            }
        }
        return errors.Count == 0 ? conversations : throw new DatasetFileException(jsonPath, errors);
    }

    private static JsonDocument Parse(string jsonPath)
    {
        using var stream = File.OpenRead(jsonPath);
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $"line {l + 1}: " : "";
            throw new DatasetFileException(jsonPath, [$"{line}invalid JSON: {ex.Message}"]);
        }
    }
}
