using Microsoft.ML.Tokenizers;

namespace LoRASculpt.Training.Tokenization;

/// <summary>
/// LLaMA's SentencePiece BPE tokenizer (Microsoft.ML.Tokenizers' <see cref="LlamaTokenizer"/>) with Hugging Face's
/// added tokens, encoding as HF's slow LlamaTokenizer does with legacy=True (what LLaVA-1.5 was trained with):
/// the text is first split on the literal strings of the added tokens (&lt;image&gt;, &lt;pad&gt;, and the model's
/// &lt;s&gt;, &lt;/s&gt;, &lt;unk&gt;, which HF always registers), each added token maps to its id, and every piece
/// of text between them is encoded by SentencePiece on its own, so each gets SentencePiece's dummy-prefix '▁'.
/// As in HF, the whitespace after an added token is NOT eaten (llava-hf's tokens have rstrip=false): "&lt;image&gt;\nWhat"
/// encodes the "\nWhat" piece as '▁', &lt;0x0A&gt;, 'What' (29871, 13, 5618 in LLaMA's vocabulary). The original LLaVA
/// code gets the same ids: its tokenizer_image_token splits the prompt on "&lt;image&gt;" and tokenizes each chunk alone.
/// <para>
/// Checkpoints without added tokens (the original LLaVA-1.5 release) have no &lt;image&gt; in the vocabulary: there
/// <see cref="ImageId"/> is LLaVA's IMAGE_TOKEN_INDEX, <see cref="OriginalLlavaImageId"/> (-200), the literal
/// "&lt;image&gt;" in the text still maps to it (so one conversation template serves both layouts; the model swaps
/// the placeholder for image features before any embedding lookup), and <see cref="PadId"/> is &lt;unk&gt; (0).
/// </para>
/// </summary>
public sealed class LlamaSentencePieceTokenizer : ITextTokenizer
{
    /// <summary>The file SentencePiece's model is read from in a checkpoint directory.</summary>
    public const string ModelFileName = "tokenizer.model";

    /// <summary>LLaVA's IMAGE_TOKEN_INDEX: the image placeholder of checkpoints whose vocabulary lacks &lt;image&gt;.</summary>
    public const int OriginalLlavaImageId = -200;

    public const string ImageToken = "<image>";
    public const string PadToken = "<pad>";

    private readonly LlamaTokenizer sentencePiece;
    private readonly int pieceCount;
    private readonly AddedToken[] longestFirst;
    private readonly HashSet<int> skippedOnDecode;

    /// <summary>
    /// A tokenizer over the SentencePiece model in <paramref name="model"/> (a ModelProto of type BPE) plus
    /// <paramref name="addedTokens"/> (as HF's files declare them; the model's &lt;s&gt;, &lt;/s&gt;, &lt;unk&gt; are added
    /// when absent).
    /// </summary>
    public LlamaSentencePieceTokenizer(Stream model, IEnumerable<AddedToken> addedTokens)
    {
        sentencePiece = LlamaTokenizer.Create(model, addBeginOfSentence: false, addEndOfSentence: false);
        pieceCount = sentencePiece.Vocabulary.Count;

        var added = addedTokens.ToDictionary(t => t.Content, StringComparer.Ordinal);
        foreach (var (content, id) in new[]
                 {
                     (sentencePiece.UnknownToken, sentencePiece.UnknownId),
                     (sentencePiece.BeginningOfSentenceToken, sentencePiece.BeginningOfSentenceId),
                     (sentencePiece.EndOfSentenceToken, sentencePiece.EndOfSentenceId),
                 })
        {
            added.TryAdd(content, new AddedToken(content, id));
        }
        if (!added.ContainsKey(ImageToken)) added[ImageToken] = new AddedToken(ImageToken, OriginalLlavaImageId);

        AddedTokens = added.Values.OrderBy(t => t.Id).ToList();
        longestFirst = added.Values.OrderByDescending(t => t.Content.Length).ThenBy(t => t.Content, StringComparer.Ordinal).ToArray();
        skippedOnDecode = added.Values.Select(t => t.Id).ToHashSet();

        ImageId = added[ImageToken].Id;
        PadId = added.TryGetValue(PadToken, out var pad) ? pad.Id : UnknownId;
        VocabSize = Math.Max(pieceCount, AddedTokens.Max(t => t.Id) + 1);
    }

    /// <summary>Reads <c>tokenizer.model</c> and the added tokens (see <see cref="AddedTokensFiles"/>) of a checkpoint directory.</summary>
    /// <exception cref="FileNotFoundException"><c>tokenizer.model</c> is missing.</exception>
    /// <exception cref="InvalidDataException"><c>tokenizer.model</c> is not a SentencePiece BPE model, or an added-tokens file is malformed.</exception>
    public static LlamaSentencePieceTokenizer Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Tokenizer directory '{directory}' does not exist.");
        var path = Path.Combine(directory, ModelFileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' is missing: a LLaMA checkpoint's tokenizer needs its SentencePiece model.", path);
        var addedTokens = AddedTokensFiles.Read(directory);
        using var stream = File.OpenRead(path);
        try
        {
            return new LlamaSentencePieceTokenizer(stream, addedTokens);
        }
        // Google.Protobuf's parse error is an IOException, so only running out of memory is left unwrapped.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{path}' is not a readable SentencePiece BPE model: {e.Message}", e);
        }
    }

    /// <summary>Added tokens by id, the model's &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt; and the &lt;image&gt; placeholder included.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    public int VocabSize { get; }

    public int BosId => sentencePiece.BeginningOfSentenceId;

    public int EosId => sentencePiece.EndOfSentenceId;

    public int PadId { get; }

    public int ImageId { get; }

    public int UnknownId => sentencePiece.UnknownId;

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        foreach (var segment in SplitOnAddedTokens(text))
        {
            if (segment.Token is not null) ids.Add(segment.Token.Id);
            else if (segment.Text.Length > 0) ids.AddRange(sentencePiece.EncodeToIds(segment.Text, addBeginningOfSentence: false, addEndOfSentence: false));
        }
        return ids.ToArray();
    }

    /// <summary>
    /// SentencePiece's decoding of the ids before the first EOS, added tokens (all special in LLaVA) skipped:
    /// '▁' becomes a space, the first piece's leading '▁' (the dummy prefix) is dropped, and byte pieces
    /// &lt;0x..&gt; are assembled into UTF-8. One difference from SentencePiece, only for byte pieces that do not form
    /// valid UTF-8 (a generation cut inside a character): .NET's decoder writes one U+FFFD per invalid sequence
    /// where SentencePiece writes one per byte.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is neither an added token nor a piece of the model.</exception>
    public string Decode(IEnumerable<int> ids)
    {
        var pieces = new List<int>();
        foreach (var id in ids)
        {
            if (id == EosId) break;
            if (skippedOnDecode.Contains(id)) continue;
            if (id < 0 || id >= pieceCount) throw new ArgumentOutOfRangeException(nameof(ids), id, $"Not a token id of this tokenizer (vocabulary of {VocabSize}).");
            pieces.Add(id);
        }
        return sentencePiece.Decode(pieces, considerSpecialTokens: false);
    }

    private readonly record struct Segment(string Text, AddedToken? Token);

    /// <summary>
    /// HF's split: scanning left to right, the longest added token starting at a position wins; a token with
    /// lstrip/rstrip eats the whitespace on that side, and text emptied that way is dropped.
    /// </summary>
    private List<Segment> SplitOnAddedTokens(string text)
    {
        var segments = new List<Segment>();
        var textStart = 0;
        var position = 0;
        while (position < text.Length)
        {
            var token = AddedTokenAt(text, position);
            if (token is null)
            {
                position++;
                continue;
            }
            var before = text[textStart..position];
            segments.Add(new Segment(token.StripLeft ? before.TrimEnd() : before, null));
            segments.Add(new Segment(token.Content, token));
            position += token.Content.Length;
            if (token.StripRight)
            {
                while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
            }
            textStart = position;
        }
        segments.Add(new Segment(text[textStart..], null));
        return segments;
    }

    private AddedToken? AddedTokenAt(string text, int position)
    {
        foreach (var token in longestFirst)
        {
            if (text.AsSpan(position).StartsWith(token.Content, StringComparison.Ordinal)) return token;
        }
        return null;
    }
}
