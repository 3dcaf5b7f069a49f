using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// What fine-tuning needs from the model and the target data: the task loss of a batch given by
/// training-sample indices (next-token cross-entropy on answer tokens only, averaged), with autograd
/// through whatever adapters are attached. The trainer owns sampling, so resuming is exact.
/// </summary>
public interface IFinetuningTask
{
    int TrainSampleCount { get; }

    Tensor TaskLoss(IReadOnlyList<int> sampleIndices);
}
