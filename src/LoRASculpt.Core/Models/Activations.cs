namespace LoRASculpt.Core.Models;

/// <summary>Activation names as Hugging Face configs spell them (hidden_act, projector_hidden_act) that the model implements.</summary>
public static class Activations
{
    public const string Silu = "silu";
    public const string Gelu = "gelu";
    public const string QuickGelu = "quick_gelu";
    public const string GeluTanh = "gelu_pytorch_tanh";
    public const string Relu = "relu";

    public static IReadOnlyList<string> Names { get; } = [Silu, Gelu, QuickGelu, GeluTanh, Relu];

    public static bool IsKnown(string name) => Names.Contains(name);
}
