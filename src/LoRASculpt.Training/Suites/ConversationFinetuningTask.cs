using LoRASculpt.Training.Datasets;
using LoRASculpt.Training.Devices;
using LoRASculpt.Training.Finetuning;
using LoRASculpt.Training.Model;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Suites;

/// <summary>The answer-only cross-entropy of a checkpoint model on batches of a suite target's training conversations.</summary>
public sealed class ConversationFinetuningTask(LlavaForConditionalGeneration model, ConversationBatchCollator collator, IReadOnlyList<TrainingConversation> items) : IFinetuningTask
{
    public int TrainSampleCount => items.Count;

    /// <remarks>The batch tensors belong to the caller's dispose scope.</remarks>
    public Tensor TaskLoss(IReadOnlyList<int> sampleIndices)
    {
        var batch = collator.Collate(sampleIndices.Select(i => items[i]).ToArray());
        return model.ComputeLoss(batch.To(ModuleDevice.Of(model)));
    }
}
