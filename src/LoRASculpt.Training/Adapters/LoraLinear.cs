using LoRASculpt.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// LoRA: y = x W^T + b + (lora_alpha / r) * dropout(x) A^T B^T, with A (r x in) Kaiming-uniform and
/// B (out x r) zero, so training starts exactly at the pretrained model. Parameters are
/// "lora_A.weight" and "lora_B.weight", as in PEFT checkpoints.
/// A and B stay float32 (master weights) whatever the frozen weight's dtype. As in PEFT, the frozen path runs in the
/// activation dtype, the adapter branch casts its input to float32 and computes there, and the sum is cast back to the
/// activation dtype: a bf16 B A would lose the small early updates that training depends on.
/// </summary>
public sealed class LoraLinear : nn.Module, ILinearAdapter, ILowRankAdapter, IStochasticAdapter
{
    private readonly double dropout;
    private readonly Generator generator;

    public LoraLinear(long inFeatures, long outFeatures, int rank, double loraAlpha, double dropout, Generator generator)
        : base("lora")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        Rank = rank;
        Scaling = loraAlpha / rank;
        this.dropout = dropout;
        this.generator = generator;
        lora_A = new LoraFactor(LoraInit.KaimingUniformA(rank, inFeatures, generator));
        lora_B = new LoraFactor(torch.zeros(outFeatures, rank));
        register_module("lora_A", lora_A);
        register_module("lora_B", lora_B);
    }

#pragma warning disable IDE1006 // PEFT names.
    private LoraFactor lora_A { get; }

    private LoraFactor lora_B { get; }
#pragma warning restore IDE1006

    public Parameter A => lora_A.weight;

    public Parameter B => lora_B.weight;

    public double Scaling { get; }

    public int Rank { get; }

    public Generator DropoutGenerator => generator;

    public IReadOnlyList<(string Name, Parameter Parameter)> LocalParameters => [("lora_A.weight", A), ("lora_B.weight", B)];

    public Tensor Forward(Tensor input, Tensor weight, Tensor? bias)
    {
        var baseOutput = F.linear(input, weight.CastLike(input), bias?.CastLike(input));
        var x = AdapterDropout.Apply(input.CastTo(A.dtype), dropout, training, generator);
        var update = F.linear(F.linear(x, A), B).mul_(Scaling);
        return baseOutput.dtype == update.dtype
            ? baseOutput.add_(update)
            : baseOutput.CastTo(update.dtype).add_(update).CastTo(input.dtype);
    }

    /// <summary>s B A in the adapter's dtype (float32), whatever the frozen weight's.</summary>
    public Tensor DeltaWeight(Tensor baseWeight) => B.matmul(A).mul(Scaling);
}

/// <summary>A bare parameter holder so the factor's parameter is named "weight" under lora_A / lora_B.</summary>
public sealed class LoraFactor : nn.Module
{
    public LoraFactor(Tensor initial) : base("factor")
    {
        weight = nn.Parameter(initial);
        register_parameter("weight", weight);
    }

#pragma warning disable IDE1006
    public Parameter weight { get; }
#pragma warning restore IDE1006
}
