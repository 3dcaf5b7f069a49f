using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Model;

internal static class TensorsAssert
{
    /// <summary>Same shape, dtype and every element bit-equal (no NaN expected).</summary>
    public static bool Same(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
