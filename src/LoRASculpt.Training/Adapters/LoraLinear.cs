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
/// </summary>
public sealed class LoraLinear : nn.Module, ILinearAdapter, ILowRankAdapter
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

    public IReadOnlyList<(string Name, Parameter Parameter)> LocalParameters => [("lora_A.weight", A), ("lora_B.weight", B)];

    public Tensor Forward(Tensor input, Tensor weight, Tensor? bias)
    {
        var baseOutput = F.linear(input, weight, bias);
        var x = AdapterDropout.Apply(input, dropout, training, generator);
        var update = F.linear(F.linear(x, A), B);
        return baseOutput.add_(update.mul_(Scaling));
    }

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
