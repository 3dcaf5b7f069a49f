using System.Text.Json;

namespace LoRASculpt.Training.Datasets;

/// <summary>Ids in LLaVA's files are strings or numbers (TextVQA's question_id is an integer); both become text.</summary>
internal static class JsonIds
{
    /// <summary>The id as text: a string as is, a number as written in the file; null for anything else.</summary>
    public static string? Read(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
