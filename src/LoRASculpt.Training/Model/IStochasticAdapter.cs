using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>
/// An adapter that draws random numbers in training (dropout) from its own generator. Gradient checkpointing rewinds
/// that generator before recomputing a layer, so the recomputation sees the same dropout masks as the forward pass.
/// </summary>
public interface IStochasticAdapter
{
    Generator DropoutGenerator { get; }
}
