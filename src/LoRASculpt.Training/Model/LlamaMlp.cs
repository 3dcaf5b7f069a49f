using LoRASculpt.Core.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Model;

/// <summary>LLaMA SwiGLU MLP: down_proj(silu(gate_proj(x)) * up_proj(x)).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly AdaptableLinear gate_proj;
    private readonly AdaptableLinear up_proj;
    private readonly AdaptableLinear down_proj;
#pragma warning restore IDE1006

    public LlamaMlp(TextConfig config) : base("mlp")
    {
        gate_proj = new AdaptableLinear(config.HiddenSize, config.IntermediateSize, hasBias: false, "gate_proj");
        up_proj = new AdaptableLinear(config.HiddenSize, config.IntermediateSize, hasBias: false, "up_proj");
        down_proj = new AdaptableLinear(config.IntermediateSize, config.HiddenSize, hasBias: false, "down_proj");
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => down_proj.forward(F.silu(gate_proj.forward(x)) * up_proj.forward(x));
}
