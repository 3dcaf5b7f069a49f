using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// A fixed weight update for evaluation: y = x (W + ΔW)^T + b. Post-hoc methods (DARE, Model
/// Tailor) and every method at evaluation time use it, so the frozen base weights are never modified
/// and a cached base model can serve the next trial unchanged. With a bf16 frozen weight the sum W + ΔW is formed in
/// float32 and rounded once to the activation dtype, as merging a float32 PEFT delta into bf16 weights does.
/// </summary>
public sealed class DeltaAdapter : nn.Module, ILinearAdapter
{
    public DeltaAdapter(Tensor delta) : base("delta")
    {
        Delta = delta.detach().clone();
        register_buffer("delta", Delta, persistent: false);
    }

    public Tensor Delta { get; }

    public Tensor Forward(Tensor input, Tensor weight, Tensor? bias)
    {
        if (weight.dtype == Delta.dtype && input.dtype == Delta.dtype)
        {
            using var merged = weight + Delta;
            return F.linear(input, merged, bias);
        }
        using var merged32 = weight.to_type(Delta.dtype) + Delta;
        using var mergedCompute = merged32.to_type(input.dtype);
        return F.linear(input, mergedCompute, bias?.CastLike(input));
    }
}
