using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>
/// LLaMA rotary position embedding (Hugging Face "rotate_half" layout): inv_freq = theta^(-2i/d),
/// cos/sin of position * inv_freq duplicated over both halves of the head dimension.
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>
    /// cos and sin for [B, T] integer positions, shaped [B, 1, T, headDim] to broadcast over heads, on the positions'
    /// device: computed in float32 and cast to <paramref name="dtype"/> (as HF does).
    /// </summary>
    public static (Tensor Cos, Tensor Sin) CosSin(Tensor positions, int headDim, double theta, ScalarType dtype = ScalarType.Float32)
    {
        var inverse = 1.0 / torch.pow(theta, torch.arange(0, headDim, 2, dtype: ScalarType.Float32, device: positions.device) / headDim);
        var freqs = positions.to_type(ScalarType.Float32).unsqueeze(-1) * inverse;
        var emb = torch.cat([freqs, freqs], -1).unsqueeze(1);
        return (emb.cos().CastTo(dtype), emb.sin().CastTo(dtype));
    }

    /// <summary>x * cos + rotate_half(x) * sin, x: [B, heads, T, headDim].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var x1 = x[TensorIndex.Ellipsis, TensorIndex.Slice(0, half)];
        var x2 = x[TensorIndex.Ellipsis, TensorIndex.Slice(half)];
        var rotated = torch.cat([-x2, x1], -1);
        return x * cos + rotated * sin;
    }
}
