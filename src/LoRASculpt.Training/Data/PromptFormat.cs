using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Data;

/// <summary>
/// LLaVA-1.5's conversation layout with a word-level tokenizer:
/// "&lt;bos&gt; USER : &lt;image&gt; {question} ASSISTANT :" followed by "{answer} &lt;eos&gt;".
/// Only the answer and its &lt;eos&gt; are supervised.
/// </summary>
public static class PromptFormat
{
    public static int[] PromptIds(WordTokenizer tokenizer, string question) =>
    [
        SpecialTokens.BosId,
        tokenizer.IdOf("USER"), tokenizer.IdOf(":"),
        SpecialTokens.ImageId,
        .. tokenizer.Encode(question),
        tokenizer.IdOf("ASSISTANT"), tokenizer.IdOf(":"),
    ];

    public static int[] AnswerIds(WordTokenizer tokenizer, string answer) => [.. tokenizer.Encode(answer), SpecialTokens.EosId];
}
