using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>Additive attention masks, built on the key-padding mask's device in the activations' dtype.</summary>
public static class AttentionMasks
{
    /// <summary>
    /// Causal and key-padding mask [B, 1, T, T] for a [B, T] mask (1 = real token): 0 where query i may see key j
    /// (j &lt;= i and key j real), else the dtype's most negative finite value, so fully padded rows stay NaN-free.
    /// </summary>
    public static Tensor CausalPadding(Tensor attentionMask, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var t = attentionMask.shape[1];
        var device = attentionMask.device;
        var causal = torch.ones(t, t, dtype: ScalarType.Bool, device: device).tril();
        var allowed = causal.unsqueeze(0).logical_and(attentionMask.ne(0).unsqueeze(1));
        var mask = torch.zeros(allowed.shape, dtype, device).masked_fill(allowed.logical_not(), DtypeNames.MaskValue(dtype));
        return mask.unsqueeze(1).MoveToOuterDisposeScope();
    }
}
