using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Tokenization;

/// <summary>The tiny spm_train model the end-to-end tests use, against spm_encode's golden ids.</summary>
public sealed class TinyLlamaTokenizerTests : IDisposable
{
    private readonly TempDirectory checkpoint = new();
    private readonly LlamaSentencePieceTokenizer tokenizer;

    public TinyLlamaTokenizerTests()
    {
        TestTokenizers.WriteTinyLlavaHfTokenizer(checkpoint.Path);
        tokenizer = LlamaSentencePieceTokenizer.Load(checkpoint.Path);
    }

    public void Dispose() => checkpoint.Dispose();

    /// <summary>tools/tiny-llama-golden-inputs.txt line by line, with the ids spm_encode gave (tiny-llama/golden-ids.txt).</summary>
    public static TheoryData<string, int[]> GoldenEncodings()
    {
        var inputs = File.ReadAllLines(Path.Combine(TestTokenizers.FixturesDirectory, "tools", "tiny-llama-golden-inputs.txt"));
        var ids = File.ReadAllLines(Path.Combine(TestTokenizers.FixturesDirectory, "tiny-llama", "golden-ids.txt"));
        Assert.Equal(inputs.Length, ids.Length);
        var data = new TheoryData<string, int[]>();
        for (var i = 0; i < inputs.Length; i++) data.Add(inputs[i], ids[i].Split(' ').Select(int.Parse).ToArray());
        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenEncodings))]
    public void Encodes_as_spm_encode_does(string text, int[] expected) => Assert.Equal(expected, tokenizer.Encode(text));

    [Theory]
    [MemberData(nameof(GoldenEncodings))]
    public void Decoding_the_encoding_gives_the_text_back(string text, int[] ids)
    {
        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void Golden_set_covers_byte_fallback_and_split_digits()
    {
        // Guards the fixture itself: é is two byte pieces (<0xC3> <0xA9> = 198 172) and "12" is two digit pieces.
        Assert.Equal([350, 358, 355, 198, 178, 385, 351, 276, 355, 382, 198, 172], tokenizer.Encode("naïve café"));
        Assert.Equal([350, 393, 394], tokenizer.Encode("12"));
    }

    [Fact]
    public void Special_ids_follow_the_llava_hf_layout()
    {
        Assert.Equal(
            (TestTokenizers.TinyLlavaHfVocabSize, 1, 2, 0, TestTokenizers.TinyImageId, TestTokenizers.TinyPadId),
            (tokenizer.VocabSize, tokenizer.BosId, tokenizer.EosId, tokenizer.UnknownId, tokenizer.ImageId, tokenizer.PadId));
        Assert.Equal(["<unk>", "<s>", "</s>", "<image>", "<pad>"], tokenizer.AddedTokens.Select(t => t.Content));
    }

    [Fact]
    public void Encodes_a_llava_prompt_with_its_special_tokens()
    {
        // spm_encode: "USER: " -> 288 366 350 ; "\nWhat color is the circle? ASSISTANT:" -> 350 13 381 285 327 271 261 340 374 290 366.
        Assert.Equal(
            [1, 288, 366, 350, 400, 350, 13, 381, 285, 327, 271, 261, 340, 374, 290, 366, 2, 401],
            tokenizer.Encode("<s>USER: <image>\nWhat color is the circle? ASSISTANT:</s><pad>"));
    }

    [Fact]
    public void Empty_text_and_text_emptied_by_splitting_encode_to_nothing()
    {
        Assert.Empty(tokenizer.Encode(""));
        Assert.Equal([400, 400], tokenizer.Encode("<image><image>"));
    }

    [Fact]
    public void Decode_skips_every_special_token_and_stops_at_the_first_eos() =>
        Assert.Equal("USER: red", tokenizer.Decode([1, 288, 366, 400, 401, 0, 347, 372, 2, 288]));
}
