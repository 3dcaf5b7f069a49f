using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// The `precision` setting: the dtype the frozen base model computes in. LoRA factors, optimizer state and the CMR
/// maps stay float32 in both (master weights), as PEFT does under bf16 autocast.
/// </summary>
public static class Precision
{
    public const string Float32 = "fp32";

    public const string BFloat16 = "bf16";

    /// <summary>The activation dtype for a precision name; null = compute in the parameters' own dtype (fp32 weights stay fp32).</summary>
    public static ScalarType? ComputeDtype(string? precision) => precision switch
    {
        null or "" => null,
        Float32 => ScalarType.Float32,
        BFloat16 => ScalarType.BFloat16,
        _ => throw new ArgumentException($"precision must be {Float32} or {BFloat16}; got '{precision}'.", nameof(precision)),
    };
}
