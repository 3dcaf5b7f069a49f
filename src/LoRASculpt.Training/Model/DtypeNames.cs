using LoRASculpt.Core.Models;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>Maps config.json's torch_dtype names to TorchSharp dtypes, and gives each dtype's mask value.</summary>
public static class DtypeNames
{
    public static ScalarType Parse(string name) => name switch
    {
        TorchDtypes.Float32 => ScalarType.Float32,
        TorchDtypes.BFloat16 => ScalarType.BFloat16,
        TorchDtypes.Float16 => ScalarType.Float16,
        _ => throw new ArgumentException($"Unsupported torch_dtype '{name}' ({string.Join(", ", TorchDtypes.Names)}).", nameof(name)),
    };

    public static string Name(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => TorchDtypes.Float32,
        ScalarType.BFloat16 => TorchDtypes.BFloat16,
        ScalarType.Float16 => TorchDtypes.Float16,
        _ => throw new ArgumentException($"Unsupported model dtype {dtype}.", nameof(dtype)),
    };

    /// <summary>
    /// The additive value for a masked attention score: the dtype's most negative finite number (HF's
    /// torch.finfo(dtype).min). Finite, so a row with every key masked gives a uniform softmax instead of NaN.
    /// </summary>
    public static double MaskValue(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => float.MinValue,
        ScalarType.BFloat16 => -3.3895313892515355e38,
        ScalarType.Float16 => -65504.0,
        ScalarType.Float64 => double.MinValue,
        _ => throw new ArgumentException($"No mask value for {dtype}.", nameof(dtype)),
    };
}
