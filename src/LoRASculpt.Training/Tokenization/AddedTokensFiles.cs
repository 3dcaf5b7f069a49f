using System.Text.Json;

namespace LoRASculpt.Training.Tokenization;

/// <summary>
/// Reads the added tokens a Hugging Face checkpoint directory declares, from any of the three places llava-hf writes
/// them: <c>added_tokens.json</c> ({"&lt;image&gt;": 32000}), <c>tokenizer_config.json</c>'s
/// <c>added_tokens_decoder</c> ({"32000": {"content": "&lt;image&gt;", "lstrip": false, ...}}) and
/// <c>tokenizer.json</c>'s <c>added_tokens</c> ([{"id": 32000, "content": "&lt;image&gt;", ...}]).
/// Absent files contribute nothing (the original LLaVA-1.5 release has none); files that disagree are an error.
/// HF's single_word and normalized flags are not read: no LLaVA checkpoint sets single_word, and LLaMA's
/// normalizer is the identity, so normalized changes nothing.
/// </summary>
public static class AddedTokensFiles
{
    public const string AddedTokensJson = "added_tokens.json";
    public const string TokenizerConfigJson = "tokenizer_config.json";
    public const string TokenizerJson = "tokenizer.json";

    /// <summary>The added tokens of <paramref name="directory"/>, ordered by id; empty when no file declares any.</summary>
    public static IReadOnlyList<AddedToken> Read(string directory)
    {
        var byContent = new Dictionary<string, (AddedToken Token, string File)>(StringComparer.Ordinal);
        foreach (var (file, tokens) in ReadEach(directory))
        {
            foreach (var token in tokens)
            {
                if (token.Content.Length == 0) throw new InvalidDataException($"'{file}' declares an added token with empty content.");
                if (!byContent.TryGetValue(token.Content, out var seen))
                {
                    byContent[token.Content] = (token, file);
                    continue;
                }
                // added_tokens.json carries no strip flags: the file that has them wins, ids must agree.
                if (seen.Token.Id != token.Id)
                    throw new InvalidDataException($"'{seen.File}' gives '{token.Content}' id {seen.Token.Id} but '{file}' gives {token.Id}.");
                if (token.StripLeft || token.StripRight) byContent[token.Content] = (token, file);
            }
        }
        var ordered = byContent.Values.Select(v => v.Token).OrderBy(t => t.Id).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Id == ordered[i - 1].Id)
                throw new InvalidDataException($"Added tokens '{ordered[i - 1].Content}' and '{ordered[i].Content}' share id {ordered[i].Id} in '{directory}'.");
        }
        return ordered;
    }

    private static IEnumerable<(string File, IReadOnlyList<AddedToken> Tokens)> ReadEach(string directory)
    {
        foreach (var (name, parse) in new (string, Func<JsonElement, IEnumerable<AddedToken>>)[]
                 {
                     (AddedTokensJson, ParseAddedTokensJson),
                     (TokenizerConfigJson, ParseTokenizerConfig),
                     (TokenizerJson, ParseTokenizerJson),
                 })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path)) continue;
            IReadOnlyList<AddedToken> tokens;
            try
            {
                using var stream = File.OpenRead(path);
                using var document = JsonDocument.Parse(stream);
                tokens = parse(document.RootElement).ToList();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
            {
                throw new InvalidDataException($"'{path}' is not a valid {name}: {e.Message}", e);
            }
            yield return (path, tokens);
        }
    }

    private static IEnumerable<AddedToken> ParseAddedTokensJson(JsonElement root) =>
        root.EnumerateObject().Select(p => new AddedToken(p.Name, p.Value.GetInt32()));

    private static IEnumerable<AddedToken> ParseTokenizerConfig(JsonElement root) =>
        root.TryGetProperty("added_tokens_decoder", out var decoder)
            ? decoder.EnumerateObject().Select(p => FromHfAddedToken(p.Value, int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)))
            : [];

    private static IEnumerable<AddedToken> ParseTokenizerJson(JsonElement root) =>
        root.TryGetProperty("added_tokens", out var tokens) && tokens.ValueKind == JsonValueKind.Array
            ? tokens.EnumerateArray().Select(t => FromHfAddedToken(t, t.GetProperty("id").GetInt32()))
            : [];

    private static AddedToken FromHfAddedToken(JsonElement token, int id) =>
        new(token.GetProperty("content").GetString() ?? throw new InvalidOperationException($"Added token {id} has null content."),
            id, Flag(token, "lstrip"), Flag(token, "rstrip"));

    private static bool Flag(JsonElement token, string name) =>
        token.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
