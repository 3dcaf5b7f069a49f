using LoRASculpt.Core.Settings;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// The `precision` setting as a dtype: what the frozen base model computes in. LoRA factors, optimizer state and the
/// CMR maps stay float32 in both (master weights), as PEFT keeps them under bf16.
/// </summary>
public static class Precision
{
    public static ScalarType ComputeDtype(ComputePrecision precision) => precision switch
    {
        ComputePrecision.Fp32 => ScalarType.Float32,
        ComputePrecision.Bf16 => ScalarType.BFloat16,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };
}
