using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Model;

/// <summary>LLaVA-1.5 "mlp2x_gelu" connector: linear_1, GELU (erf form), linear_2.</summary>
public sealed class MultiModalProjector : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly AdaptableLinear linear_1;
    private readonly AdaptableLinear linear_2;
#pragma warning restore IDE1006

    public MultiModalProjector(int visionHidden, int textHidden) : base("multi_modal_projector")
    {
        linear_1 = new AdaptableLinear(visionHidden, textHidden, hasBias: true, "linear_1");
        linear_2 = new AdaptableLinear(textHidden, textHidden, hasBias: true, "linear_2");
        RegisterComponents();
    }

    public override Tensor forward(Tensor features) => linear_2.forward(F.gelu(linear_1.forward(features)));
}
