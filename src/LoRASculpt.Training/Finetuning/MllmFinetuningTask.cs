using LoRASculpt.Core.Benchmark;
using LoRASculpt.Training.Data;
using LoRASculpt.Training.Devices;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>The MLLM's answer-only cross-entropy on batches of a target task's training samples.</summary>
public sealed class MllmFinetuningTask(LlavaForConditionalGeneration model, WordTokenizer tokenizer, IReadOnlyList<BenchmarkSample> samples) : IFinetuningTask
{
    public int TrainSampleCount => samples.Count;

    /// <remarks>The batch tensors belong to the caller's dispose scope (the autograd graph keeps what it needs).</remarks>
    public Tensor TaskLoss(IReadOnlyList<int> sampleIndices)
    {
        var batch = BatchCollator.ForTraining(sampleIndices.Select(i => samples[i]).ToArray(), tokenizer);
        return model.ComputeLoss(batch.To(ModuleDevice.Of(model)));
    }
}
