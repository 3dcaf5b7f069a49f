using System.Text;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Conversations;

/// <summary>
/// A LLaVA conversation template of separator style TWO (llava/conversation.py), rendered as
/// "{system}{sep}{user}: &lt;image&gt;\n{q1}{sep}{assistant}: {a1}{eos}{user}: {q2}{sep}{assistant}: {a2}{eos}".
/// <para>
/// Token ids are what LLaVA's tokenizer_image_token gives for that text with LLaMA's SentencePiece tokenizer as
/// LLaVA-1.5 was trained (transformers 4.31, tokenizers &lt; 0.14: legacy behaviour, no "-1" in preprocess_v1): BOS, then the text before &lt;image&gt;
/// encoded as one piece, the image id, then the rest, each piece with the tokenizer's leading-space marker and
/// "&lt;/s&gt;" as the EOS id. Text after an EOS starts a new piece (the legacy tokenizer gives it a fresh
/// leading-space marker too).
/// </para>
/// <para>
/// Labels come from the structure, not from LLaVA's length arithmetic: preprocess_v1 finds the answer by
/// tokenizing "...ASSISTANT: " on its own and subtracting 2 (its BOS and the "▁" a trailing space becomes), and
/// subtracts 1 more for later rounds with non-legacy tokenizers; a tokenizer that does not turn the trailing space
/// into a token shifts that mask by one (or, on a length mismatch, LLaVA drops the sample's labels entirely). Here
/// each answer is encoded on its own, as the piece after "{assistant}:" (the space before it becomes the piece's
/// leading-space marker, exactly where SentencePiece splits the whole text), so exactly the answer's tokens and
/// its EOS are supervised for any tokenizer. An empty answer leaves "{assistant}: " with its trailing space, as in
/// LLaVA's text; that "▁" token is part of the prompt here (LLaVA's arithmetic supervises it), so only EOS is trained.
/// </para>
/// </summary>
/// <param name="Separator">Between the system prompt and the first turn, and after each human message ("sep").</param>
/// <param name="EndOfTurn">After each answer ("sep2"); always tokenized as the tokenizer's EOS id.</param>
public sealed record ConversationTemplate(string Name, string System, string UserRole, string AssistantRole, string Separator, string EndOfTurn)
{
    /// <summary>The image placeholder in rendered text.</summary>
    public const string ImagePlaceholder = SpecialTokens.Image;

    /// <summary>
    /// LLaVA's conv_vicuna_v1 ("v1"), the template LLaVA-1.5 is trained and evaluated with. (Its system prompt
    /// says "curious user"; "curious human" is the older conv_vicuna_v0.)
    /// </summary>
    public static ConversationTemplate VicunaV1 { get; } = new(
        "vicuna_v1",
        "A chat between a curious user and an artificial intelligence assistant. " +
        "The assistant gives helpful, detailed, and polite answers to the user's questions.",
        "USER",
        "ASSISTANT",
        " ",
        "</s>");

    /// <summary>The training text for <paramref name="turns"/>, as LLaVA's Conversation.get_prompt() writes it.</summary>
    public string Render(IReadOnlyList<ConversationTurn> turns, bool hasImage)
    {
        RequireTurns(turns);
        var text = new StringBuilder(System).Append(Separator);
        for (var i = 0; i < turns.Count; i++)
            text.Append(HumanText(turns[i].Human, i == 0 && hasImage)).Append(' ').Append(turns[i].Assistant).Append(EndOfTurn);
        return text.ToString();
    }

    /// <summary>The evaluation prompt for one question: LLaVA's get_prompt() with an empty answer, ending with "{assistant}:".</summary>
    public string RenderPrompt(string question, bool hasImage)
    {
        ArgumentNullException.ThrowIfNull(question);
        return System + Separator + HumanText(question, hasImage);
    }

    /// <summary>Ids and labels of a training conversation; only answers and their EOS are supervised.</summary>
    public TokenizedConversation Tokenize(IReadOnlyList<ConversationTurn> turns, ITextTokenizer tokenizer, bool hasImage, ConversationTokenOptions? options = null)
    {
        RequireTurns(turns);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var segments = new List<TokenSegment>();
        for (var i = 0; i < turns.Count; i++)
        {
            var lead = i == 0 ? System + Separator : "";
            // An empty answer leaves "{assistant}: " in LLaVA's text, and its trailing space is a token of its own.
            var emptyAnswer = turns[i].Assistant.Length == 0;
            AddHuman(segments, tokenizer, lead, turns[i].Human, i == 0 && hasImage, emptyAnswer ? " " : "");
            segments.Add(TokenSegment.Answer([.. tokenizer.Encode(turns[i].Assistant), tokenizer.EosId]));
        }
        return SegmentAssembler.Assemble(segments, options ?? ConversationTokenOptions.Default);
    }

    /// <summary>Ids of the evaluation prompt for one question (BOS first, ending with "{assistant}:").</summary>
    public int[] PromptIds(string question, ITextTokenizer tokenizer, bool hasImage, ConversationTokenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var segments = new List<TokenSegment>();
        AddHuman(segments, tokenizer, System + Separator, question, hasImage, "");
        return SegmentAssembler.Assemble(segments, options ?? ConversationTokenOptions.Default).InputIds;
    }

    private string HumanText(string human, bool withImage) =>
        $"{UserRole}: {(withImage ? ImagePlaceholder + "\n" : "")}{human}{Separator}{AssistantRole}:";

    /// <summary>
    /// "{lead}{user}: [&lt;image&gt;\n]{human}{sep}{assistant}:{tail}" as tokenizer_image_token splits it: the text on
    /// each side of the image is its own piece. BOS leads the first turn only.
    /// </summary>
    private void AddHuman(List<TokenSegment> segments, ITextTokenizer tokenizer, string lead, string human, bool withImage, string tail)
    {
        var bos = segments.Count == 0 ? new[] { tokenizer.BosId } : [];
        if (withImage)
        {
            segments.Add(TokenSegment.Prompt([.. bos, .. tokenizer.Encode($"{lead}{UserRole}: ")]));
            segments.Add(TokenSegment.Image(tokenizer.ImageId));
            segments.Add(TokenSegment.Prompt(tokenizer.Encode($"\n{human}{Separator}{AssistantRole}:{tail}")));
        }
        else
        {
            segments.Add(TokenSegment.Prompt([.. bos, .. tokenizer.Encode($"{lead}{UserRole}: {human}{Separator}{AssistantRole}:{tail}")]));
        }
    }

    private static void RequireTurns(IReadOnlyList<ConversationTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0)
            throw new ArgumentException("A conversation needs at least one turn.", nameof(turns));
    }
}
