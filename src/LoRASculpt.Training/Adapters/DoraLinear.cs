using LoRASculpt.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// DoRA (Liu et al. 2024) as PEFT implements it for nn.Linear:
/// W' = m ⊙ (W + s B A) / ||W + s B A||, where the norm is taken per output row (dim 1 of the
/// out x in weight) and is detached (DoRA Sec. 4.3), and m ("lora_magnitude_vector", one entry
/// per output) is initialised to the row norms of W so training starts at the pretrained model.
/// Forward: y = (m / ||W + s B A||) ⊙ (x W^T + s dropout(x) A^T B^T) + b, dropout on the LoRA path only.
/// A, B and m stay float32 (master weights). With a bf16 frozen weight the whole expression is computed in float32
/// (W and x cast up, as PEFT's DoRA path does with its cast input) and the result cast to the activation dtype; m is
/// initialised from the float32 row norms of W.
/// </summary>
public sealed class DoraLinear : nn.Module, ILinearAdapter, ILowRankAdapter, IStochasticAdapter
{
    private readonly double dropout;
    private readonly Generator generator;

    public DoraLinear(Tensor baseWeight, int rank, double loraAlpha, double dropout, Generator generator)
        : base("dora")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        Rank = rank;
        Scaling = loraAlpha / rank;
        this.dropout = dropout;
        this.generator = generator;
        var outFeatures = baseWeight.shape[0];
        var inFeatures = baseWeight.shape[1];
        lora_A = new LoraFactor(LoraInit.KaimingUniformA(rank, inFeatures, generator));
        lora_B = new LoraFactor(torch.zeros(outFeatures, rank));
        using (torch.no_grad())
            lora_magnitude_vector = nn.Parameter(baseWeight.detach().to(ScalarType.Float32, torch.CPU).norm(1, keepdim: false, p: 2).clone());
        register_module("lora_A", lora_A);
        register_module("lora_B", lora_B);
        register_parameter("lora_magnitude_vector", lora_magnitude_vector);
    }

#pragma warning disable IDE1006
    private LoraFactor lora_A { get; }

    private LoraFactor lora_B { get; }

    public Parameter lora_magnitude_vector { get; }
#pragma warning restore IDE1006

    public Parameter A => lora_A.weight;

    public Parameter B => lora_B.weight;

    public double Scaling { get; }

    public int Rank { get; }

    public Generator DropoutGenerator => generator;

    public IReadOnlyList<(string Name, Parameter Parameter)> LocalParameters =>
        [("lora_A.weight", A), ("lora_B.weight", B), ("lora_magnitude_vector", lora_magnitude_vector)];

    public Tensor Forward(Tensor input, Tensor weight, Tensor? bias)
    {
        var x32 = input.CastTo(A.dtype);
        var w32 = weight.CastTo(A.dtype);
        var scale = MagnitudeScale(w32);                         // (out)
        var baseOutput = F.linear(x32, w32);
        var x = AdapterDropout.Apply(x32, dropout, training, generator);
        var update = F.linear(F.linear(x, A), B).mul_(Scaling);
        var output = baseOutput.add_(update).mul_(scale);
        if (bias is not null) output = output.add_(bias.CastTo(A.dtype));
        return output.CastTo(input.dtype);
    }

    /// <summary>m (W + s B A) / ||W + s B A||_row - W in float32 (W cast up first).</summary>
    public Tensor DeltaWeight(Tensor baseWeight)
    {
        baseWeight = baseWeight.CastTo(A.dtype);
        var merged = baseWeight + B.matmul(A).mul(Scaling);
        return merged.mul(MagnitudeScale(baseWeight).unsqueeze(1)).sub(baseWeight);
    }

    /// <summary>m / ||W + s B A|| per output row, the norm detached as in DoRA/PEFT.</summary>
    private Tensor MagnitudeScale(Tensor weight)
    {
        Tensor norm;
        using (torch.no_grad())
            norm = (weight + B.matmul(A).mul(Scaling)).norm(1, keepdim: false, p: 2);
        return lora_magnitude_vector / norm;
    }
}
