using LoRASculpt.Core.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Model;

/// <summary>The activations config.json names (hidden_act, projector_hidden_act), as transformers' ACT2FN computes them.</summary>
public static class ActivationFunctions
{
    public static Func<Tensor, Tensor> Get(string name) => name switch
    {
        Activations.Silu => x => F.silu(x),
        Activations.Gelu => x => F.gelu(x),
        // quick_gelu: CLIP's x * sigmoid(1.702 x).
        Activations.QuickGelu => x => x * torch.sigmoid(1.702 * x),
        Activations.GeluTanh => GeluTanh,
        Activations.Relu => x => F.relu(x),
        _ => throw new ArgumentException($"Unsupported activation '{name}' ({string.Join(", ", Activations.Names)}).", nameof(name)),
    };

    /// <summary>0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).</summary>
    private static Tensor GeluTanh(Tensor x) => 0.5 * x * (1 + torch.tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x.pow(3))));
}
