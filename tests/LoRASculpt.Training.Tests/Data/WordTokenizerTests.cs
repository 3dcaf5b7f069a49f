using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Data;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Data;

public sealed class WordTokenizerTests
{
    private readonly WordTokenizer tokenizer = WordTokenizer.ForBenchmark();

    [Fact]
    public void Special_tokens_have_fixed_ids_and_words_follow_in_ordinal_order()
    {
        Assert.Equal(["<pad>", "<bos>", "<eos>", "<image>", "<unk>"], tokenizer.Tokens.Take(5));
        Assert.Equal(5, tokenizer.IdOf("."));
        Assert.Equal(6, tokenizer.IdOf("0"));
        Assert.Equal(SpecialTokens.All.Count + BenchmarkVocabulary.Words.Count + 2, tokenizer.VocabSize); // + USER, ASSISTANT (":" is a benchmark word)
        Assert.Equal(tokenizer.VocabSize - 2, tokenizer.IdOf("USER"));
        Assert.True(tokenizer.VocabSize <= ModelPresets.Default.Text.VocabSize);
        Assert.Equal(tokenizer.Tokens, WordTokenizer.ForBenchmark().Tokens);
    }

    [Fact]
    public void Encode_then_decode_round_trips_benchmark_text()
    {
        foreach (var task in BenchmarkTasks.All)
        foreach (var s in BenchmarkData.Generate(task.Name, BenchmarkData.TrainSplit, 20, 1))
        {
            Assert.Equal(s.Question, tokenizer.Decode(tokenizer.Encode(s.Question)));
            Assert.Equal(s.Answer, tokenizer.Decode(PromptFormat.AnswerIds(tokenizer, s.Answer)));
        }
    }

    [Fact]
    public void Unknown_words_map_to_unk_and_decoding_stops_at_eos()
    {
        Assert.Equal([tokenizer.IdOf("red"), SpecialTokens.UnknownId], tokenizer.Encode("  red   zebra "));
        Assert.Equal("red", tokenizer.Decode([SpecialTokens.BosId, tokenizer.IdOf("red"), SpecialTokens.EosId, tokenizer.IdOf("blue")]));
    }

    [Fact]
    public void Prompt_follows_the_llava_conversation_layout()
    {
        var ids = PromptFormat.PromptIds(tokenizer, "what word is written in the image ?");
        Assert.Equal("<bos> USER : <image> what word is written in the image ? ASSISTANT :", string.Join(' ', ids.Select(tokenizer.TokenOf)));
    }
}
