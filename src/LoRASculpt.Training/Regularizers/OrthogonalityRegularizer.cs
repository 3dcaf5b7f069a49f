using LoRASculpt.Training.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Regularizers;

/// <summary>
/// Orth-Reg baseline (supplementary Sec. F; the paper gives no formula). We use
/// sum over adapted modules of || W^T ΔW ||_F^2 with ΔW = (lora_alpha / r) B A and W the frozen
/// weight (out x in): it is zero exactly when every column of the update is orthogonal to the
/// column space of W, i.e. the update writes only into output directions the pretrained layer does
/// not use. Computed as ||(W^T B) A||_F^2 * s^2 so the q x q product is formed from a q x r factor.
/// Multiplied by reg_weight in the loss.
/// </summary>
public static class OrthogonalityRegularizer
{
    public static Tensor Compute(IEnumerable<AdaptedModule> modules)
    {
        Tensor total = torch.zeros(1).squeeze();
        foreach (var m in modules)
        {
            // W in the adapter's dtype (float32): a bf16 frozen weight would otherwise fail the matmul.
            var wtb = m.Layer.weight.detach().to_type(m.Adapter.B.dtype).t().matmul(m.Adapter.B);       // in x r
            var product = wtb.matmul(m.Adapter.A);                            // in x in
            total = total + product.pow(2).sum() * (m.Adapter.Scaling * m.Adapter.Scaling);
        }
        return total;
    }
}
