using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>LLaMA RMSNorm: weight * x / sqrt(mean(x^2) + eps), computed in float32.</summary>
public sealed class LlamaRmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double eps;
#pragma warning disable IDE1006
    private readonly Parameter weight;
#pragma warning restore IDE1006

    public LlamaRmsNorm(int hidden, double eps, string name) : base(name)
    {
        this.eps = eps;
        weight = nn.Parameter(torch.ones(hidden));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var x32 = x.to_type(ScalarType.Float32);
        var normed = x32 * torch.rsqrt(x32.pow(2).mean([-1L], keepdim: true) + eps);
        return weight * normed.to_type(x.dtype);
    }
}
