using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>Casts that leave a tensor untouched (same object) when it already has the wanted dtype.</summary>
internal static class TensorCasts
{
    /// <summary>The weight in <paramref name="activation"/>'s dtype, so stored and compute dtypes may differ.</summary>
    public static Tensor CastLike(this Tensor weight, Tensor activation) => weight.CastTo(activation.dtype);

    public static Tensor CastTo(this Tensor tensor, ScalarType dtype) => tensor.dtype == dtype ? tensor : tensor.to_type(dtype);
}
