using LoRASculpt.Core.Settings;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// The `precision` setting as a dtype: what the frozen base model computes in. LoRA factors, optimizer state and the
/// CMR maps stay float32 in both (master weights), as PEFT keeps them under bf16.
/// </summary>
public static class Precision
{
    public const string Float32 = "fp32";

    public const string BFloat16 = "bf16";

    /// <summary>The dtype of a precision as the catalogue spells it ("fp32", "bf16"); anything else is an error naming it.</summary>
    public static ScalarType? ComputeDtype(string precision) => precision switch
    {
        Float32 => ComputeDtype(ComputePrecision.Fp32),
        BFloat16 => ComputeDtype(ComputePrecision.Bf16),
        _ => throw new ArgumentException($"precision must be {Float32} or {BFloat16}; got '{precision}'.", nameof(precision)),
    };

    public static ScalarType ComputeDtype(ComputePrecision precision) => precision switch
    {
        ComputePrecision.Fp32 => ScalarType.Float32,
        ComputePrecision.Bf16 => ScalarType.BFloat16,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };
}
