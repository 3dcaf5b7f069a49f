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

    /// <summary>CLIP's image-processor normalisation (per-channel mean and std), as LLaVA-1.5 feeds its vision tower.</summary>
    public static IReadOnlyList<float> ImageMean { get; } = [0.48145466f, 0.4578275f, 0.40821073f];

    public static IReadOnlyList<float> ImageStd { get; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Names the preprocessing above; part of the base-model key because weights depend on it.</summary>
    public const string ImagePreprocessing = "clip-mean-std";

    /// <summary>[B, C, H, W] float32 from the samples' CHW images in [0, 1], normalised as CLIP's processor does.</summary>
    public static Tensor PixelValues(IReadOnlyList<BenchmarkSample> samples)
    {
        var side = BenchmarkData.ImageSize * BenchmarkData.ImageSize;
        var plane = BenchmarkData.Channels * side;
        var data = new float[samples.Count * plane];
        for (var b = 0; b < samples.Count; b++)
        {
            if (samples[b].Image.Length != plane) throw new ArgumentException($"Sample '{samples[b].Id}' has {samples[b].Image.Length} pixels, expected {plane}.", nameof(samples));
            for (var i = 0; i < plane; i++)
            {
                var channel = i / side;
                data[b * plane + i] = (samples[b].Image[i] - ImageMean[channel]) / ImageStd[channel];
            }
        }
        return torch.tensor(data, [samples.Count, BenchmarkData.Channels, BenchmarkData.ImageSize, BenchmarkData.ImageSize]);
    }
}
