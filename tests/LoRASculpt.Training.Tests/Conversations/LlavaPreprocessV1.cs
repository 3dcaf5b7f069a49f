using LoRASculpt.Training.Conversations;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Conversations;

/// <summary>
/// An independent port of LLaVA's own procedure, for cross-checking: llava/mm_utils.py tokenizer_image_token
/// (split the whole text at &lt;image&gt;, tokenize each chunk with BOS, keep the first BOS) and
/// llava/train/train.py preprocess_v1's label mask by length arithmetic (legacy tokenizer, so no "-1" for later
/// rounds): per round, BOS-included length of the round, and of "...ASSISTANT: " minus 2.
/// </summary>
internal static class LlavaPreprocessV1
{
    public const long Ignore = -100;

    public static List<int> TokenizerImageToken(string prompt, ITextTokenizer tokenizer)
    {
        var chunks = prompt.Split(ConversationTemplate.ImagePlaceholder).Select(c => Tokenize(c, tokenizer)).ToArray();
        var ids = new List<int> { tokenizer.BosId };
        for (var i = 0; i < chunks.Length; i++)
        {
            if (i > 0) ids.Add(tokenizer.ImageId);
            ids.AddRange(chunks[i].Skip(1));
        }
        return ids;
    }

    public static (int[] Ids, long[] Labels) Preprocess(string conversation, ConversationTemplate template, ITextTokenizer tokenizer, bool hasImage)
    {
        List<int> Ids(string text) => hasImage ? TokenizerImageToken(text, tokenizer) : Tokenize(text, tokenizer);
        var ids = Ids(conversation);
        var labels = ids.Select(i => (long)i).ToArray();
        var sep = template.Separator + template.AssistantRole + ": ";
        var current = 1;
        labels[0] = Ignore;
        foreach (var round in conversation.Split(template.EndOfTurn))
        {
            if (round.Length == 0) break;
            var parts = round.Split(sep);
            if (parts.Length != 2) break;
            var roundLength = Ids(round).Count;
            var instructionLength = Ids(parts[0] + sep).Count - 2;
            for (var k = current; k < Math.Min(current + instructionLength, labels.Length); k++) labels[k] = Ignore;
            current += roundLength;
        }
        for (var k = current; k < labels.Length; k++) labels[k] = Ignore;
        if (current != ids.Count) Array.Fill(labels, Ignore);
        return (ids.ToArray(), labels);
    }

    /// <summary>Hugging Face's tokenizer(text).input_ids for LLaMA: BOS, then the text.</summary>
    private static List<int> Tokenize(string text, ITextTokenizer tokenizer) => [tokenizer.BosId, .. tokenizer.Encode(text)];
}
