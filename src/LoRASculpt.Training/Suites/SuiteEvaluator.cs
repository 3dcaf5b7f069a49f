using LoRASculpt.Core.Scoring;
using LoRASculpt.Training.Conversations;
using LoRASculpt.Training.Datasets;
using LoRASculpt.Training.Devices;
using LoRASculpt.Training.Evaluation;
using LoRASculpt.Training.Images;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;
using TorchSharp;

namespace LoRASculpt.Training.Suites;

/// <summary>
/// Greedy answers of a checkpoint model to a suite dataset's questions, as LLaVA's model_vqa_loader asks them (Vicuna
/// v1 prompt ending "ASSISTANT:", the dataset's prompt suffix). Shard i of n is a contiguous slice of the item list and
/// every prompt is left-padded to the longest prompt of the whole list, so merged shards equal one full pass.
/// </summary>
public sealed class SuiteEvaluator(ITextTokenizer tokenizer, ClipImageProcessor images, ConversationTokenOptions tokens)
{
    public ConversationTemplate Template { get; init; } = ConversationTemplate.VicunaV1;

    public IReadOnlyList<PredictionItem> Predict(
        LlavaForConditionalGeneration model,
        IReadOnlyList<EvaluationItem> items,
        int maxNewTokens,
        int shardIndex = 0,
        int shardCount = 1,
        int batchSize = Evaluator.DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var missing = items.FirstOrDefault(i => i.ImagePath is null);
        if (missing is not null)
            throw new InvalidDataException($"Question '{missing.Id}' has no image; text-only questions are not supported yet.");
        var prompts = items.Select(i => Template.PromptIds(i.Question, tokenizer, hasImage: true, tokens)).ToArray();
        var padTo = prompts.Length == 0 ? 0 : prompts.Max(p => p.Length);
        var range = ShardAssignment.Range(items.Count, shardIndex, shardCount);
        var device = ModuleDevice.Of(model);
        var wasTraining = model.training;
        model.eval();
        try
        {
            var results = new List<PredictionItem>(range.Count);
            for (var start = range.Start; start < range.End; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batchSize, range.End - start);
                using var scope = torch.NewDisposeScope();
                var pixels = ClipPixelValues.ToBatchTensor(Enumerable.Range(start, count).Select(i => images.Preprocess(items[i].ImagePath!)).ToArray()).to(device);
                var outputs = model.Generate(pixels, prompts[start..(start + count)], maxNewTokens, padTo);
                for (var i = 0; i < count; i++)
                {
                    var item = items[start + i];
                    results.Add(new PredictionItem(item.Id, tokenizer.Decode(outputs[i]).Trim(), item.References));
                }
            }
            return results;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
