using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>LLaMA RMSNorm: weight * x / sqrt(mean(x^2) + eps), the normalisation in float32 (as HF), the result in x's dtype.</summary>
public sealed class LlamaRmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double eps;
#pragma warning disable IDE1006
    private readonly Parameter weight;
#pragma warning restore IDE1006

    public LlamaRmsNorm(int hidden, double eps, string name, ParameterFactory parameters) : base(name)
    {
        this.eps = eps;
        weight = parameters.Empty(hidden);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var x32 = x.CastTo(ScalarType.Float32);
        var normed = x32 * torch.rsqrt(x32.pow(2).mean([-1L], keepdim: true) + eps);
        return weight.CastLike(x) * normed.CastTo(x.dtype);
    }
}
