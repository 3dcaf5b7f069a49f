using LoRASculpt.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>LLaMA SwiGLU MLP: down_proj(act(gate_proj(x)) * up_proj(x)), act = hidden_act (silu).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> activation;
#pragma warning disable IDE1006
    private readonly AdaptableLinear gate_proj;
    private readonly AdaptableLinear up_proj;
    private readonly AdaptableLinear down_proj;
#pragma warning restore IDE1006

    public LlamaMlp(TextConfig config, ParameterFactory parameters) : base("mlp")
    {
        activation = ActivationFunctions.Get(config.HiddenAct);
        gate_proj = new AdaptableLinear(config.HiddenSize, config.IntermediateSize, hasBias: false, "gate_proj", parameters);
        up_proj = new AdaptableLinear(config.HiddenSize, config.IntermediateSize, hasBias: false, "up_proj", parameters);
        down_proj = new AdaptableLinear(config.IntermediateSize, config.HiddenSize, hasBias: false, "down_proj", parameters);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => down_proj.forward(activation(gate_proj.forward(x)) * up_proj.forward(x));
}
