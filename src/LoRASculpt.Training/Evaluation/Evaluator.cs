using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Training.Data;
using LoRASculpt.Training.Devices;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;
using TorchSharp;

namespace LoRASculpt.Training.Evaluation;

/// <summary>
/// Greedy-decoding evaluation, as in the paper. A shard (i of n, Core's <see cref="ShardAssignment"/>) covers a
/// contiguous slice of the samples; merging every shard's items and scoring them with <see cref="TaskScorer"/>
/// equals scoring the whole set: every prompt is left-padded to the longest prompt of the whole sample list,
/// so a row's input does not depend on which shard or batch it falls in.
/// </summary>
public static class Evaluator
{
    public const int DefaultBatchSize = 64;

    /// <summary>Generation budget per task: captions are sentences, every other answer is one or two words.</summary>
    public static int MaxNewTokens(string task) => BenchmarkTasks.Get(task).Metric == MetricKind.CiderD ? 32 : 6;

    public static IReadOnlyList<PredictionItem> Predict(
        LlavaForConditionalGeneration model,
        WordTokenizer tokenizer,
        string task,
        IReadOnlyList<BenchmarkSample> samples,
        int shardIndex = 0,
        int shardCount = 1,
        int batchSize = DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var range = ShardAssignment.Range(samples.Count, shardIndex, shardCount);
        var wasTraining = model.training;
        var device = ModuleDevice.Of(model);
        model.eval();
        try
        {
            var padTo = samples.Count == 0 ? 0 : samples.Max(s => PromptFormat.PromptIds(tokenizer, s.Question).Length);
            var results = new List<PredictionItem>(range.Count);
            for (var start = range.Start; start < range.End; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = samples.Skip(start).Take(Math.Min(batchSize, range.End - start)).ToArray();
                using var scope = torch.NewDisposeScope();
                var pixels = BatchCollator.PixelValues(chunk).to(device);
                var prompts = chunk.Select(s => PromptFormat.PromptIds(tokenizer, s.Question)).ToArray();
                var outputs = model.Generate(pixels, prompts, MaxNewTokens(task), padTo);
                for (var i = 0; i < chunk.Length; i++)
                    results.Add(new PredictionItem(chunk[i].Id, tokenizer.Decode(outputs[i]), chunk[i].References));
            }
            return results;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The task's 0-100 score of predictions (EM / VQA accuracy x100, CIDEr-D x100).</summary>
    public static double Score(string task, IReadOnlyList<PredictionItem> items) =>
        TaskScorer.Score(task, items.Select(i => i.AsTuple()).ToArray());

    /// <summary>Predict on all samples and score them.</summary>
    public static double Evaluate(LlavaForConditionalGeneration model, WordTokenizer tokenizer, string task, IReadOnlyList<BenchmarkSample> samples, CancellationToken cancellationToken = default) =>
        Score(task, Predict(model, tokenizer, task, samples, cancellationToken: cancellationToken));
}
