using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Training.Evaluation;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Evaluation;

public sealed class EvaluatorTests
{
    [Fact]
    public void Shards_partition_the_items_and_merge_to_the_full_prediction()
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        using var model = LlavaForConditionalGeneration.Create(ModelPresets.Micro, 6);
        var samples = BenchmarkData.Generate("count-vqa", BenchmarkData.EvalSplit, 10, 0)
            .Concat(BenchmarkData.Generate("icon-mc", BenchmarkData.EvalSplit, 3, 0)).ToArray();

        var full = Evaluator.Predict(model, tokenizer, "count-vqa", samples, batchSize: 4);
        var shards = Enumerable.Range(0, 3).Select(i => Evaluator.Predict(model, tokenizer, "count-vqa", samples, i, 3, batchSize: 3)).ToArray();

        Assert.Equal(samples.Select(s => s.Id), full.Select(p => p.Id));
        Assert.Equal([4, 4, 5], shards.Select(s => s.Count));
        Assert.Equal(full, shards.SelectMany(s => s));
        var merged = ShardMerge.Merge(shards.Select((s, i) => new ShardPart<PredictionItem>(i, 3, s)).ToArray(), p => p.Id, samples.Length);
        Assert.Equal(Evaluator.Score("count-vqa", full), Evaluator.Score("count-vqa", merged.ToArray()));
    }

    [Fact]
    public void Predictions_carry_the_references_and_restore_training_mode()
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        using var model = LlavaForConditionalGeneration.Create(ModelPresets.Micro, 6);
        model.train();
        var samples = BenchmarkData.Generate("scene-captions", BenchmarkData.EvalSplit, 2, 0);
        var items = Evaluator.Predict(model, tokenizer, "scene-captions", samples);
        Assert.True(model.training);
        Assert.Equal(samples[1].References, items[1].References);
        Assert.All(items, i => Assert.True(i.Prediction.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= Evaluator.MaxNewTokens("scene-captions")));
    }
}
