using LoRASculpt.Training.Data;
using LoRASculpt.Training.Model;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Model;

public sealed class VocabularyTests
{
    [Fact]
    public void Logits_are_cut_to_the_tokenizer_vocabulary()
    {
        using var padded = ModelFixture.NewModel();
        using var cut = LlavaForConditionalGeneration.Create(ModelFixture.Config with { TokenizerVocabSize = 250 }, 3);
        using var batch = ModelFixture.Batch("text-ocr", "icon-mc");
        using var all = padded.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        using var real = cut.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        Assert.Equal(256, all.shape[^1]);
        Assert.Equal(250, real.shape[^1]);
        Assert.True(TensorsAssert.Same(all[TensorIndex.Ellipsis, TensorIndex.Slice(0, 250)], real));
        using var loss = cut.ComputeLoss(batch);
        Assert.True(float.IsFinite(loss.item<float>()));
    }

    [Fact]
    public void Generation_stays_inside_the_real_vocabulary_and_stops_at_the_configs_eos()
    {
        var samples = ModelFixture.Samples("icon-mc", 3);
        var prompts = samples.Select(s => PromptFormat.PromptIds(ModelFixture.Tokenizer, s.Question)).ToArray();
        using var pixels = BatchCollator.PixelValues(samples);

        // Unrestricted, the random model emits ordinary ids above 5 (so the restrictions below are what keeps them out).
        using var free = ModelFixture.NewModel(5);
        Assert.Contains(free.Generate(pixels, prompts, 4).SelectMany(g => g), id => id > 5);

        // Real ids 0..5; pad 0, bos 1, image 3, unk 4 suppressed: only 2 (eos) and 5 remain, so every emitted id is 5.
        using var six = LlavaForConditionalGeneration.Create(ModelFixture.Config with { TokenizerVocabSize = 6 }, 5);
        var sixOut = six.Generate(pixels, prompts, 4);
        Assert.All(sixOut.SelectMany(g => g), id => Assert.Equal(5, id));

        // With eos = 5, id 2 is an ordinary token: every emitted id is 2, and 5 ends the row.
        using var eos5 = LlavaForConditionalGeneration.Create(ModelFixture.Config with { TokenizerVocabSize = 6, EosTokenId = 5 }, 5);
        var eosOut = eos5.Generate(pixels, prompts, 4);
        Assert.All(eosOut.SelectMany(g => g), id => Assert.Equal(2, id));
        // The first step sees the same logits: a row that starts with 5 under eos 2 stops at once under eos 5, and vice versa.
        for (var b = 0; b < prompts.Length; b++)
            Assert.Equal(sixOut[b].Length == 0, eosOut[b].Length > 0);
    }
}
