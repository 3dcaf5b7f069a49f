using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoRASculpt.Core.Models.HuggingFace;

/// <summary>
/// One JSON object of a config.json with typed field access. Every error names the file and the field's full path
/// (e.g. "text_config.hidden_size"), so a bad checkpoint says exactly what to fix.
/// </summary>
internal sealed class ConfigJson
{
    private readonly JsonObject node;
    private readonly string prefix;

    private ConfigJson(JsonObject node, string file, string prefix)
    {
        this.node = node;
        File = file;
        this.prefix = prefix;
    }

    public string File { get; }

    public static ConfigJson Load(string file)
    {
        if (!System.IO.File.Exists(file)) throw new FileNotFoundException($"Model config not found: {file}", file);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(System.IO.File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not valid JSON ({e.Message}).", e);
        }
        return root is JsonObject o ? new ConfigJson(o, file, "") : throw new InvalidDataException($"{file}: the top level must be a JSON object.");
    }

    /// <summary>An absent object: every field takes its default.</summary>
    public static ConfigJson Empty(string file, string prefix) => new([], file, prefix);

    public bool Has(string key) => node[key] is not null;

    public string PathOf(string key) => prefix + key;

    public InvalidDataException Error(string key, string problem) => new($"{File}: field '{PathOf(key)}' {problem}.");

    /// <summary>A nested object, or null when the field is absent or null.</summary>
    public ConfigJson? Object(string key) => node[key] switch
    {
        null => null,
        JsonObject o => new ConfigJson(o, File, PathOf(key) + "."),
        _ => throw Error(key, "must be an object"),
    };

    public int Int(string key) => OptionalInt(key) ?? throw Error(key, "is missing");

    public int Int(string key, int defaultValue) => OptionalInt(key) ?? defaultValue;

    public int? OptionalInt(string key)
    {
        var value = node[key];
        if (value is null) return null;
        if (value is JsonValue v && v.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue) return (int)l;
        if (value is JsonValue d && d.TryGetValue<double>(out var x) && x == Math.Floor(x) && Math.Abs(x) <= int.MaxValue) return (int)x;
        throw Error(key, $"must be an integer (found {value.ToJsonString()})");
    }

    public double Double(string key, double defaultValue)
    {
        var value = node[key];
        if (value is null) return defaultValue;
        if (value is JsonValue v && v.TryGetValue<double>(out var d)) return d;
        throw Error(key, $"must be a number (found {value.ToJsonString()})");
    }

    public string String(string key, string defaultValue) => OptionalString(key) ?? defaultValue;

    public string? OptionalString(string key)
    {
        var value = node[key];
        if (value is null) return null;
        if (value is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw Error(key, $"must be a string (found {value.ToJsonString()})");
    }

    public bool Bool(string key, bool defaultValue)
    {
        var value = node[key];
        if (value is null) return defaultValue;
        if (value is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        throw Error(key, $"must be true or false (found {value.ToJsonString()})");
    }

    /// <summary>A token id that transformers also accepts as a one-element list (eos_token_id: [2]).</summary>
    public int? OptionalTokenId(string key)
    {
        if (node[key] is JsonArray array)
        {
            if (array.Count == 0) return null;
            if (array[0] is JsonValue v && v.TryGetValue<long>(out var first)) return (int)first;
            throw Error(key, "must be an integer or a list of integers");
        }
        return OptionalInt(key);
    }

    public IReadOnlyList<string> Strings(string key) => node[key] switch
    {
        null => [],
        JsonArray a => a.Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Error(key, "must be a list of strings")).ToArray(),
        _ => throw Error(key, "must be a list of strings"),
    };

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
