using System.Text.Json;
using LoRASculpt.Training.Conversations;

namespace LoRASculpt.Training.Datasets;

/// <summary>Checks and converts one entry of a LLaVA training file.</summary>
internal static class LlavaTrainingEntry
{
    public static TrainingConversation? Read(JsonElement entry, int index, string imageFolder, List<string> errors)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"entry {index}: must be an object; got {JsonIds.KindName(entry.ValueKind)}");
            return null;
        }
        var id = entry.TryGetProperty("id", out var idValue) ? JsonIds.Read(idValue) : null;
        var where = id is null ? $"entry {index}" : $"entry {index} (id '{id}')";
        var before = errors.Count;
        if (id is null)
            errors.Add($"{where}: id: {(entry.TryGetProperty("id", out var bad) ? $"must be a string or a number; got {JsonIds.KindName(bad.ValueKind)}" : "required")}");

        var imagePath = ReadImage(entry, where, imageFolder, errors);
        var hasImage = entry.TryGetProperty("image", out _);
        var values = ReadTurns(entry, where, errors);
        if (values is not null)
            CheckPlaceholders(values, hasImage, where, errors);
        if (errors.Count > before || values is null)
            return null;

        var turns = new List<ConversationTurn>(values.Count / 2);
        for (var i = 0; i < values.Count; i += 2)
        {
            // LLaVA's preprocess_multimodal: take the placeholder out and strip; the template puts "<image>\n" back in front.
            var human = i == 0 && hasImage ? values[0].Replace(ConversationTemplate.ImagePlaceholder, "", StringComparison.Ordinal).Trim() : values[i];
            turns.Add(new ConversationTurn(human, values[i + 1]));
        }
        return new TrainingConversation(id!, imagePath, turns);
    }

    private static string? ReadImage(JsonElement entry, string where, string imageFolder, List<string> errors)
    {
        if (!entry.TryGetProperty("image", out var image))
            return null;
        if (image.ValueKind != JsonValueKind.String || image.GetString()!.Trim().Length == 0)
        {
            var got = image.ValueKind == JsonValueKind.String ? "an empty string" : JsonIds.KindName(image.ValueKind);
            errors.Add($"{where}: image: must be a relative path to one image file; got {got}");
            return null;
        }
        var path = Path.GetFullPath(Path.Combine(imageFolder, image.GetString()!));
        if (File.Exists(path))
            return path;
        errors.Add($"{where}: image: file not found: {path}");
        return null;
    }

    /// <summary>The turns' values, checked to alternate human, gpt, ..., gpt; null when unusable.</summary>
    private static List<string>? ReadTurns(JsonElement entry, string where, List<string> errors)
    {
        if (!entry.TryGetProperty("conversations", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            var got = entry.TryGetProperty("conversations", out var value) ? $"; got {(value.ValueKind == JsonValueKind.Array ? "an empty list" : JsonIds.KindName(value.ValueKind))}" : "";
            errors.Add($"{where}: conversations: required: a list of {{\"from\", \"value\"}} turns{got}");
            return null;
        }
        var values = new List<string>();
        var ok = true;
        var i = 0;
        foreach (var turn in list.EnumerateArray())
        {
            var path = $"{where}: conversations[{i}]";
            var expected = i % 2 == 0 ? LlavaTrainingFile.Human : LlavaTrainingFile.Gpt;
            if (turn.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: must be an object; got {JsonIds.KindName(turn.ValueKind)}");
                ok = false;
            }
            else
            {
                var from = turn.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                if (from != expected)
                {
                    errors.Add($"{path}.from: expected '{expected}' (turns alternate human, gpt, starting with human); got {(from is null ? "none" : $"'{from}'")}");
                    ok = false;
                }
                if (turn.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String)
                {
                    values.Add(v.GetString()!);
                }
                else
                {
                    errors.Add($"{path}.value: must be a string");
                    ok = false;
                }
            }
            i++;
        }
        if (i % 2 == 1)
        {
            errors.Add($"{where}: conversations[{i - 1}]: the last human turn has no gpt answer");
            ok = false;
        }
        return ok ? values : null;
    }

    private static void CheckPlaceholders(List<string> values, bool hasImage, string where, List<string> errors)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var count = Occurrences(values[i]);
            if (count == 0)
                continue;
            if (!hasImage)
                errors.Add($"{where}: conversations[{i}].value: has {ConversationTemplate.ImagePlaceholder} but the entry has no image");
            else if (i != 0)
                errors.Add($"{where}: conversations[{i}].value: {ConversationTemplate.ImagePlaceholder} may only be in the first human turn");
            else if (count > 1)
                errors.Add($"{where}: conversations[0].value: {ConversationTemplate.ImagePlaceholder} appears {count} times; an entry has one image");
        }
        if (hasImage && Occurrences(values[0]) == 0)
            errors.Add($"{where}: conversations[0].value: the entry has an image but no {ConversationTemplate.ImagePlaceholder} placeholder");
    }

    private static int Occurrences(string text)
    {
        var count = 0;
        for (var at = text.IndexOf(ConversationTemplate.ImagePlaceholder, StringComparison.Ordinal); at >= 0;
             at = text.IndexOf(ConversationTemplate.ImagePlaceholder, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
