using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// An adapter with LoRA factors: A (r x in) and B (out x r), update scaled by lora_alpha / r.
/// LoRA, DoRA and the connector adapters all share it, so pruning and regularisers treat them alike.
/// </summary>
public interface ILowRankAdapter
{
    Parameter A { get; }

    Parameter B { get; }

    double Scaling { get; }

    int Rank { get; }

    /// <summary>The adapter's trainable parameters by PEFT-style local names ("lora_A.weight", ...).</summary>
    IReadOnlyList<(string Name, Parameter Parameter)> LocalParameters { get; }

    /// <summary>
    /// Effective weight minus the frozen weight, i.e. what merging would add to W (with autograd).
    /// LoRA: s B A. DoRA: m (W + s B A) / ||W + s B A||_row - W.
    /// </summary>
    Tensor DeltaWeight(Tensor baseWeight);
}
