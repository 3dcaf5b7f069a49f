namespace LoRASculpt.Training.Tokenization;

/// <summary>
/// What prompt building, training and evaluation need from a tokenizer: the built-in benchmark's
/// <see cref="WordTokenizer"/> and LLaMA's SentencePiece tokenizer both implement it, so one
/// conversation template and one evaluator serve the built-in model and real checkpoints.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>Ids the tokenizer can produce, added special tokens included.</summary>
    int VocabSize { get; }

    int BosId { get; }

    int EosId { get; }

    /// <summary>Padding id; never trained on (labels use -100) and never generated.</summary>
    int PadId { get; }

    /// <summary>The id of the &lt;image&gt; placeholder the model replaces with image features.</summary>
    int ImageId { get; }

    int UnknownId { get; }

    /// <summary>
    /// Ids of <paramref name="text"/> without BOS or EOS. The text is encoded as one piece (a SentencePiece
    /// tokenizer adds its leading-space marker at the start, and, as Hugging Face's legacy LLaMA tokenizer does,
    /// again at the start of the text after each special token); the literal strings of special tokens
    /// (&lt;image&gt;, &lt;pad&gt;) map to their ids.
    /// </summary>
    int[] Encode(string text);

    /// <summary>Text of generated ids: special tokens are skipped and decoding stops at EOS.</summary>
    string Decode(IEnumerable<int> ids);
}
