using System.Text.Json;

namespace LoRASculpt.Core.Suites;

/// <summary>
/// Reads the fields of one JSON object and records problems under their JSON path: unknown and repeated keys when
/// the object is opened, and missing or mistyped values as each field is read, so one pass reports every error.
/// </summary>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> values = new(StringComparer.Ordinal);
    private readonly string path;
    private readonly List<SuiteError> errors;

    public JsonFields(JsonElement element, string path, IReadOnlyList<string> knownKeys, List<SuiteError> errors)
    {
        this.path = path;
        this.errors = errors;
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = Join(property.Name);
            if (!knownKeys.Contains(property.Name))
                errors.Add(new SuiteError(propertyPath, $"unknown field; known fields: {string.Join(", ", knownKeys)}"));
            else if (!values.TryAdd(property.Name, property.Value))
                errors.Add(new SuiteError(propertyPath, "appears more than once"));
        }
    }

    public string Join(string key) => path.Length == 0 ? key : $"{path}.{key}";

    public bool Has(string key) => values.ContainsKey(key);

    public bool TryGet(string key, out JsonElement value) => values.TryGetValue(key, out value);

    /// <summary>A non-empty string, or null (with an error) when missing, mistyped or empty.</summary>
    public string? RequiredString(string key, string whatItIs)
    {
        if (!values.TryGetValue(key, out var value))
        {
            errors.Add(new SuiteError(Join(key), $"required: {whatItIs}"));
            return null;
        }
        return NonEmptyString(key, value);
    }

    /// <summary>The string, <paramref name="fallback"/> when absent, or null (with an error) when mistyped.</summary>
    public string? OptionalString(string key, string? fallback, bool allowEmpty)
    {
        if (!values.TryGetValue(key, out var value))
            return fallback;
        return allowEmpty ? AnyString(key, value) : NonEmptyString(key, value);
    }

    /// <summary>An integer in [min, max], <paramref name="fallback"/> when absent, or null (with an error).</summary>
    public int? OptionalInt(string key, int? fallback, int min, int max)
    {
        if (!values.TryGetValue(key, out var value))
            return fallback;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
            return number;
        var range = (min, max) switch
        {
            (int.MinValue, int.MaxValue) => "an integer",
            (_, int.MaxValue) => $"an integer of at least {min}",
            _ => $"an integer from {min} to {max}",
        };
        errors.Add(new SuiteError(Join(key), $"must be {range}; got {Describe(value)}"));
        return null;
    }

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

    /// <summary>A value as messages quote it: strings in quotes, numbers as written, anything else by kind.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"'{value.GetString()}'",
        JsonValueKind.Number => value.GetRawText(),
        _ => KindName(value.ValueKind),
    };

    private string? AnyString(string key, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString()!;
        errors.Add(new SuiteError(Join(key), $"must be a string; got {KindName(value.ValueKind)}"));
        return null;
    }

    private string? NonEmptyString(string key, JsonElement value)
    {
        var text = AnyString(key, value);
        if (text is null || text.Trim().Length > 0)
            return text;
        errors.Add(new SuiteError(Join(key), "must not be empty"));
        return null;
    }
}
