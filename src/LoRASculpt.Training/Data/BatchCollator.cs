using LoRASculpt.Core.Benchmark;
using LoRASculpt.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Data;

/// <summary>Turns benchmark samples into tensors: right-padded training batches and stacked pixel values.</summary>
public static class BatchCollator
{
    public static MllmBatch ForTraining(IReadOnlyList<BenchmarkSample> samples, WordTokenizer tokenizer)
    {
        if (samples.Count == 0) throw new ArgumentException("Empty batch.", nameof(samples));
        var rows = samples.Select(s => (Prompt: PromptFormat.PromptIds(tokenizer, s.Question), Answer: PromptFormat.AnswerIds(tokenizer, s.Answer))).ToArray();
        var length = rows.Max(r => r.Prompt.Length + r.Answer.Length);
        var ids = new long[samples.Count * length];
        var mask = new long[samples.Count * length];
        var labels = new long[samples.Count * length];
        Array.Fill(labels, MllmBatch.IgnoreIndex);
        for (var b = 0; b < rows.Length; b++)
        {
            var (prompt, answer) = rows[b];
            var offset = b * length;
            for (var t = 0; t < prompt.Length; t++)
            {
                ids[offset + t] = prompt[t];
                mask[offset + t] = 1;
            }
            for (var t = 0; t < answer.Length; t++)
            {
                ids[offset + prompt.Length + t] = answer[t];
                mask[offset + prompt.Length + t] = 1;
                labels[offset + prompt.Length + t] = answer[t];
            }
        }
        long[] shape = [samples.Count, length];
        return new MllmBatch(PixelValues(samples), torch.tensor(ids, shape), torch.tensor(mask, shape), torch.tensor(labels, shape));
    }

    /// <summary>[B, C, H, W] float32 from the samples' CHW images.</summary>
    public static Tensor PixelValues(IReadOnlyList<BenchmarkSample> samples)
    {
        var plane = BenchmarkData.Channels * BenchmarkData.ImageSize * BenchmarkData.ImageSize;
        var data = new float[samples.Count * plane];
        for (var b = 0; b < samples.Count; b++)
        {
            if (samples[b].Image.Length != plane) throw new ArgumentException($"Sample '{samples[b].Id}' has {samples[b].Image.Length} pixels, expected {plane}.", nameof(samples));
            samples[b].Image.CopyTo(data, b * plane);
        }
        return torch.tensor(data, [samples.Count, BenchmarkData.Channels, BenchmarkData.ImageSize, BenchmarkData.ImageSize]);
    }
}
