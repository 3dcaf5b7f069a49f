using LoRASculpt.Training.Conversations;

namespace LoRASculpt.Training.Tests.Conversations;

public sealed class ConversationTemplateTests
{
    private const long I = -100;

    /// <summary>A template short enough to spell ids by hand: "S U: &lt;image&gt;\nq A: x&lt;/s&gt;".</summary>
    private static readonly ConversationTemplate Tiny = new("tiny", "S", "U", "A", " ", "</s>");

    private readonly CharTokenizer tokenizer = new();

    [Fact]
    public void Vicuna_v1_renders_llava_15s_two_turn_prompt()
    {
        var text = ConversationTemplate.VicunaV1.Render([new("What is it?", "A cat."), new("Colour?", "Black")], hasImage: true);
        Assert.Equal(
            "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers " +
            "to the user's questions. USER: <image>\nWhat is it? ASSISTANT: A cat.</s>USER: Colour? ASSISTANT: Black</s>", text);
        Assert.Equal(
            "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers " +
            "to the user's questions. USER: <image>\nWhat is it? ASSISTANT:", ConversationTemplate.VicunaV1.RenderPrompt("What is it?", hasImage: true));
    }

    [Fact]
    public void One_turn_with_an_image_hand_computed()
    {
        Assert.Equal("S U: <image>\nq A: x</s>", Tiny.Render([new("q", "x")], hasImage: true));
        var result = Tiny.Tokenize([new("q", "x")], tokenizer, hasImage: true);
        // BOS | "▁S▁U:▁" | image | "▁\nq▁A:" | "▁x" EOS
        Assert.Equal([1, 32, 83, 32, 85, 58, 32, 3, 32, 10, 113, 32, 65, 58, 32, 120, 2], result.InputIds);
        Assert.Equal([I, I, I, I, I, I, I, I, I, I, I, I, I, I, 32, 120, 2], result.Labels);
        Assert.Equal(17, result.SequenceLength);
        Assert.False(result.Truncated);
        Assert.Equal(3, result.SupervisedCount);
    }

    [Fact]
    public void Two_turns_without_an_image_hand_computed()
    {
        Assert.Equal("S U: q A: x</s>U: r A: yz</s>", Tiny.Render([new("q", "x"), new("r", "yz")], hasImage: false));
        var result = Tiny.Tokenize([new("q", "x"), new("r", "yz")], tokenizer, hasImage: false);
        // BOS "▁S▁U:▁q▁A:" | "▁x" EOS | "▁U:▁r▁A:" | "▁yz" EOS  (BOS only at the start; a fresh marker after EOS)
        Assert.Equal([1, 32, 83, 32, 85, 58, 32, 113, 32, 65, 58, 32, 120, 2, 32, 85, 58, 32, 114, 32, 65, 58, 32, 121, 122, 2], result.InputIds);
        Assert.Equal([I, I, I, I, I, I, I, I, I, I, I, 32, 120, 2, I, I, I, I, I, I, I, I, 32, 121, 122, 2], result.Labels);
    }

    [Fact]
    public void Evaluation_prompt_ends_with_the_assistant_role_hand_computed()
    {
        Assert.Equal([1, 32, 83, 32, 85, 58, 32, 3, 32, 10, 113, 32, 65, 58], Tiny.PromptIds("q", tokenizer, hasImage: true));
        Assert.Equal([1, 32, 83, 32, 85, 58, 32, 113, 32, 65, 58], Tiny.PromptIds("q", tokenizer, hasImage: false));
    }

    public static TheoryData<int, bool> Shapes() => new() { { 1, true }, { 1, false }, { 2, true }, { 2, false }, { 3, true } };

    /// <summary>The structural ids and labels equal LLaVA's own procedure (tokenize the whole text, mask by length arithmetic).</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Vicuna_v1_matches_llavas_tokenizer_image_token_and_preprocess_v1(int turnCount, bool hasImage)
    {
        ConversationTurn[] all = [new("What is shown?\nAnswer briefly.", "Two dogs."), new("Where?", "In a park, near the lake."), new("Why?", "")];
        var turns = all.Take(turnCount).ToArray();
        var template = ConversationTemplate.VicunaV1;
        var (expectedIds, expectedLabels) = LlavaPreprocessV1.Preprocess(template.Render(turns, hasImage), template, tokenizer, hasImage);

        var result = template.Tokenize(turns, tokenizer, hasImage);

        Assert.Equal(expectedIds, result.InputIds);
        Assert.Equal(turns.Sum(t => tokenizer.Encode(t.Assistant).Length + 1), result.SupervisedCount);
        if (turnCount < 3)
        {
            Assert.Equal(expectedLabels, result.Labels);
        }
        else
        {
            // The third answer is empty: LLaVA also trains the "▁" its trailing space becomes; the template trains EOS only.
            var beforeEos = result.InputIds.Length - 2;
            Assert.Equal(CharTokenizer.Marker, expectedLabels[beforeEos]);
            Assert.Equal(LlavaPreprocessV1.Ignore, result.Labels[beforeEos]);
            expectedLabels[beforeEos] = LlavaPreprocessV1.Ignore;
            Assert.Equal(expectedLabels, result.Labels);
        }
    }

    [Fact]
    public void Evaluation_prompt_matches_llavas_tokenizer_image_token()
    {
        var question = "What is written on the sign?\nAnswer the question using a single word or phrase.";
        var template = ConversationTemplate.VicunaV1;
        Assert.Equal(LlavaPreprocessV1.TokenizerImageToken(template.RenderPrompt(question, true), tokenizer), template.PromptIds(question, tokenizer, true));
    }

    /// <summary>
    /// LLaVA's "-2" assumes "ASSISTANT: " alone ends in a "▁" token. With a tokenizer that drops a trailing space,
    /// its mask is one short and the ":" before every answer is trained on; the structural labels are unaffected.
    /// </summary>
    [Fact]
    public void The_minus_two_arithmetic_mislabels_when_a_trailing_space_makes_no_token_but_the_template_does_not()
    {
        var dropping = new CharTokenizer(dropsTrailingSpace: true);
        ConversationTurn[] turns = [new("q", "x"), new("r", "yz")];
        var (llavaIds, llavaLabels) = LlavaPreprocessV1.Preprocess(Tiny.Render(turns, true), Tiny, dropping, true);
        var result = Tiny.Tokenize(turns, dropping, hasImage: true);

        Assert.Equal(llavaIds, result.InputIds);
        Assert.Equal([32, 120, 2, 32, 121, 122, 2], result.Labels.Where(l => l != I));
        Assert.Equal([58, 32, 120, 2, 58, 32, 121, 122, 2], llavaLabels.Where(l => l != I));
    }

    [Fact]
    public void Image_ids_expand_to_the_vision_towers_token_count_and_stay_unsupervised()
    {
        var expanded = Tiny.Tokenize([new("q", "x")], tokenizer, true, new ConversationTokenOptions(ImageSequenceLength: 4, ExpandImageIds: true));
        Assert.Equal([1, 32, 83, 32, 85, 58, 32, 3, 3, 3, 3, 32, 10, 113, 32, 65, 58, 32, 120, 2], expanded.InputIds);
        Assert.Equal(Enumerable.Repeat(I, 17).Concat([32L, 120, 2]), expanded.Labels);
        Assert.Equal(20, expanded.SequenceLength);

        var placeholder = Tiny.Tokenize([new("q", "x")], tokenizer, true, new ConversationTokenOptions(ImageSequenceLength: 4));
        Assert.Equal(17, placeholder.InputIds.Length);
        Assert.Equal(20, placeholder.SequenceLength);

        var prompt = Tiny.PromptIds("q", tokenizer, true, ConversationTokenOptions.Llava15Training(expandImageIds: true));
        Assert.Equal(576, prompt.Count(id => id == tokenizer.ImageId));
        Assert.Equal(13 + 576, prompt.Length);
    }

    [Fact]
    public void Truncation_cuts_text_at_the_limit_counting_the_image_at_full_length()
    {
        // Positions: BOS+text 7, image 4 (7..10), prompt 6 (11..16), answer "▁x" EOS (17..19).
        var cut = Tiny.Tokenize([new("q", "x")], tokenizer, true, new ConversationTokenOptions(4, ExpandImageIds: false, MaxLength: 18));
        Assert.True(cut.Truncated);
        Assert.Equal(18, cut.SequenceLength);
        Assert.Equal([1, 32, 83, 32, 85, 58, 32, 3, 32, 10, 113, 32, 65, 58, 32], cut.InputIds);
        Assert.Equal([32L], cut.Labels.Where(l => l != I));

        var exact = Tiny.Tokenize([new("q", "x")], tokenizer, true, new ConversationTokenOptions(4, true, MaxLength: 20));
        Assert.False(exact.Truncated);
        Assert.Equal(20, exact.InputIds.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncation_never_leaves_half_an_image(bool expand)
    {
        var cut = Tiny.Tokenize([new("q", "x")], tokenizer, true, new ConversationTokenOptions(4, expand, MaxLength: 9));
        Assert.True(cut.Truncated);
        Assert.Equal([1, 32, 83, 32, 85, 58, 32], cut.InputIds);
        Assert.Equal(7, cut.SequenceLength);
        Assert.Equal(0, cut.SupervisedCount);
    }

    [Fact]
    public void A_conversation_needs_a_turn()
    {
        Assert.Throws<ArgumentException>(() => Tiny.Tokenize([], tokenizer, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tiny.Tokenize([new("q", "x")], tokenizer, false, new ConversationTokenOptions(MaxLength: 0)));
    }
}
