using LoRASculpt.Core.Benchmark;

namespace LoRASculpt.Training.Tokenization;

/// <summary>
/// Word-level tokenizer over a closed vocabulary: text is split on whitespace, each word is one id.
/// Ids: the special tokens 0-4 (see <see cref="SpecialTokens"/>), then the words in the given order
/// (the benchmark vocabulary is ordinal-sorted, so ids are deterministic). Unknown words map to &lt;unk&gt;.
/// </summary>
public sealed class WordTokenizer : ITextTokenizer
{
    private readonly string[] idToToken;
    private readonly Dictionary<string, int> tokenToId;

    public WordTokenizer(IEnumerable<string> words)
    {
        idToToken = SpecialTokens.All.Concat(words.Where(w => !SpecialTokens.All.Contains(w)).Distinct(StringComparer.Ordinal)).ToArray();
        tokenToId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < idToToken.Length; i++)
        {
            if (idToToken[i].Any(char.IsWhiteSpace)) throw new ArgumentException($"Token '{idToToken[i]}' contains whitespace.", nameof(words));
            tokenToId[idToToken[i]] = i;
        }
    }

    /// <summary>Words of the prompt template (LLaVA-1.5's "USER: &lt;image&gt; ... ASSISTANT:" conversation format).</summary>
    public static IReadOnlyList<string> PromptWords { get; } = ["USER", "ASSISTANT", ":"];

    /// <summary>The tokenizer for the built-in benchmark: its vocabulary plus the prompt words.</summary>
    public static WordTokenizer ForBenchmark() => new(BenchmarkVocabulary.Words.Concat(PromptWords));

    public int VocabSize => idToToken.Length;

    public int BosId => SpecialTokens.BosId;

    public int EosId => SpecialTokens.EosId;

    public int PadId => SpecialTokens.PadId;

    public int ImageId => SpecialTokens.ImageId;

    public int UnknownId => SpecialTokens.UnknownId;

    public IReadOnlyList<string> Tokens => idToToken;

    public int IdOf(string token) => tokenToId.TryGetValue(token, out var id) ? id : SpecialTokens.UnknownId;

    public string TokenOf(int id) => id >= 0 && id < idToToken.Length ? idToToken[id] : SpecialTokens.Unknown;

    public int[] Encode(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(IdOf).ToArray();

    /// <summary>Joins the words with single spaces; special tokens are skipped, decoding stops at &lt;eos&gt;.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var words = new List<string>();
        foreach (var id in ids)
        {
            if (id == SpecialTokens.EosId) break;
            if (id is SpecialTokens.PadId or SpecialTokens.BosId or SpecialTokens.ImageId) continue;
            words.Add(TokenOf(id));
        }
        return string.Join(' ', words);
    }
}
