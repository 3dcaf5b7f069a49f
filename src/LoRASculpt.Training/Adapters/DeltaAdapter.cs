using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// A fixed weight update for evaluation: y = x (W + ΔW)^T + b. Post-hoc methods (DARE, Model
/// Tailor) and every method at evaluation time use it, so the frozen base weights are never modified
/// and a cached base model can serve the next trial unchanged.
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
        using var merged = weight + Delta;
        return F.linear(input, merged, bias);
    }
}
