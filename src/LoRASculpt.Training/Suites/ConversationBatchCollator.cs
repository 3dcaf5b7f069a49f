using LoRASculpt.Training.Conversations;
using LoRASculpt.Training.Data;
using LoRASculpt.Training.Datasets;
using LoRASculpt.Training.Images;
using LoRASculpt.Training.Tokenization;
using TorchSharp;

namespace LoRASculpt.Training.Suites;

/// <summary>
/// Training batches from LLaVA conversations: the Vicuna v1 template's ids and answer-only labels, right-padded with
/// the tokenizer's pad id (labels -100 there), and the images through the checkpoint's CLIP preprocessing.
/// Tokenized conversations are cached (a trial revisits every item each epoch); pixels are not, since a 336x336 image
/// costs 1.3 MB as floats and ~10 ms to recompute.
/// </summary>
public sealed class ConversationBatchCollator(ITextTokenizer tokenizer, ClipImageProcessor images, ConversationTokenOptions tokens)
{
    private readonly Dictionary<string, TokenizedConversation> tokenized = new(StringComparer.Ordinal);

    public ConversationTemplate Template { get; init; } = ConversationTemplate.VicunaV1;

    public MllmBatch Collate(IReadOnlyList<TrainingConversation> items)
    {
        if (items.Count == 0) throw new ArgumentException("Empty batch.", nameof(items));
        var rows = new TokenizedConversation[items.Count];
        var pixels = new List<ClipPixelValues>(items.Count);
        for (var b = 0; b < items.Count; b++)
        {
            var item = items[b];
            // One image per row: the model splices image features into every row of a batch.
            if (item.ImagePath is null)
                throw new InvalidDataException($"Training item '{item.Id}' has no image; text-only conversations are not supported yet.");
            rows[b] = Tokenize(item);
            pixels.Add(images.Preprocess(item.ImagePath));
        }
        var length = rows.Max(r => r.InputIds.Length);
        var ids = new long[items.Count * length];
        var mask = new long[items.Count * length];
        var labels = new long[items.Count * length];
        Array.Fill(ids, tokenizer.PadId);
        Array.Fill(labels, MllmBatch.IgnoreIndex);
        for (var b = 0; b < rows.Length; b++)
        {
            var row = rows[b];
            for (var t = 0; t < row.InputIds.Length; t++)
            {
                ids[b * length + t] = row.InputIds[t];
                mask[b * length + t] = 1;
                labels[b * length + t] = row.Labels[t];
            }
        }
        long[] shape = [items.Count, length];
        return new MllmBatch(ClipPixelValues.ToBatchTensor(pixels), torch.tensor(ids, shape), torch.tensor(mask, shape), torch.tensor(labels, shape));
    }

    private TokenizedConversation Tokenize(TrainingConversation item)
    {
        if (!tokenized.TryGetValue(item.Id, out var row))
        {
            row = Template.Tokenize(item.Turns, tokenizer, item.HasImage, tokens);
            if (row.SupervisedCount == 0)
                throw new InvalidDataException($"Training item '{item.Id}' has no supervised token left after truncation to {tokens.MaxLength} tokens.");
            tokenized[item.Id] = row;
        }
        return row;
    }
}
