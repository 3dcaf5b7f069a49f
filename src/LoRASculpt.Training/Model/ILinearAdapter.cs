using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>
/// A trainable adapter attached to an <see cref="AdaptableLinear"/>. It computes the layer's
/// whole output from the frozen weight so that methods that are not additive (DoRA) fit too.
/// Implementations are TorchSharp modules so their parameters appear under the layer's name
/// (e.g. "...q_proj.lora_A.weight", as in PEFT checkpoints).
/// </summary>
public interface ILinearAdapter
{
    Tensor Forward(Tensor input, Tensor weight, Tensor? bias);
}
