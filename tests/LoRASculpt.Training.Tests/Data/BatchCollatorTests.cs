using LoRASculpt.Core.Benchmark;
using LoRASculpt.Training.Data;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Data;

public sealed class BatchCollatorTests
{
    private readonly WordTokenizer tokenizer = WordTokenizer.ForBenchmark();

    [Fact]
    public void Pixels_are_normalised_per_channel_like_clip()
    {
        var image = new float[3 * 32 * 32];
        image[0] = 1f;            // red channel, pixel (0, 0)
        image[1024 + 5] = 0.5f;   // green channel, pixel (5, 0)
        var sample = new BenchmarkSample("x", "text-ocr", image, "what does the text say ?", "cat", ["cat"]);
        using var pixels = BatchCollator.PixelValues([sample]);
        Assert.Equal([1L, 3, 32, 32], pixels.shape);
        Assert.Equal((1f - 0.48145466f) / 0.26862954f, pixels[0, 0, 0, 0].item<float>(), 6);
        Assert.Equal((0f - 0.48145466f) / 0.26862954f, pixels[0, 0, 0, 1].item<float>(), 6);
        Assert.Equal((0.5f - 0.4578275f) / 0.26130258f, pixels[0, 1, 0, 5].item<float>(), 6);
        Assert.Equal((0f - 0.40821073f) / 0.27577711f, pixels[0, 2, 31, 31].item<float>(), 6);
    }

    [Fact]
    public void Training_batch_is_right_padded_and_supervises_answer_and_eos_only()
    {
        var samples = new[]
        {
            BenchmarkData.GenerateOne("text-ocr", BenchmarkData.TrainSplit, 0, 0),
            BenchmarkData.GenerateOne("scene-captions", BenchmarkData.TrainSplit, 0, 0),
        };
        using var batch = BatchCollator.ForTraining(samples, tokenizer);
        var length = (int)batch.InputIds.shape[1];
        var ids = batch.InputIds.data<long>().ToArray();
        var mask = batch.AttentionMask.data<long>().ToArray();
        var labels = batch.Labels.data<long>().ToArray();
        for (var b = 0; b < 2; b++)
        {
            var prompt = PromptFormat.PromptIds(tokenizer, samples[b].Question);
            var answer = PromptFormat.AnswerIds(tokenizer, samples[b].Answer);
            var row = Enumerable.Range(b * length, length).ToArray();
            Assert.Equal(prompt.Concat(answer).Select(i => (long)i).Concat(Enumerable.Repeat(0L, length - prompt.Length - answer.Length)), row.Select(i => ids[i]));
            Assert.Equal(prompt.Length + answer.Length, row.Sum(i => mask[i]));
            Assert.Equal(Enumerable.Repeat(MllmBatch.IgnoreIndex, prompt.Length).Concat(answer.Select(i => (long)i)).Concat(Enumerable.Repeat(MllmBatch.IgnoreIndex, length - prompt.Length - answer.Length)),
                row.Select(i => labels[i]));
        }
    }
}
