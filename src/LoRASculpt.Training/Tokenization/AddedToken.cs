namespace LoRASculpt.Training.Tokenization;

/// <summary>
/// A token Hugging Face matches in the raw text before SentencePiece sees it (llava-hf's &lt;image&gt; and &lt;pad&gt;,
/// and the model's own &lt;s&gt;, &lt;/s&gt;, &lt;unk&gt;). <paramref name="StripLeft"/> / <paramref name="StripRight"/>
/// are HF's lstrip / rstrip: the token eats the whitespace on that side of it.
/// </summary>
public sealed record AddedToken(string Content, int Id, bool StripLeft = false, bool StripRight = false);
