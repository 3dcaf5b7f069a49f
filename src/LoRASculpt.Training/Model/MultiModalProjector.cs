using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>LLaVA-1.5 "mlp2x_gelu" connector: linear_1, projector_hidden_act (GELU, erf form), linear_2.</summary>
public sealed class MultiModalProjector : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly AdaptableLinear linear_1;
    private readonly AdaptableLinear linear_2;
#pragma warning restore IDE1006

    private readonly Func<Tensor, Tensor> activation;

    public MultiModalProjector(int visionHidden, int textHidden, string hiddenAct, ParameterFactory parameters) : base("multi_modal_projector")
    {
        activation = ActivationFunctions.Get(hiddenAct);
        linear_1 = new AdaptableLinear(visionHidden, textHidden, hasBias: true, "linear_1", parameters);
        linear_2 = new AdaptableLinear(textHidden, textHidden, hasBias: true, "linear_2", parameters);
        RegisterComponents();
    }

    public override Tensor forward(Tensor features) => linear_2.forward(activation(linear_1.forward(features)));
}
