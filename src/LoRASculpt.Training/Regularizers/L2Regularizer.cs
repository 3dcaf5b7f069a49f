using LoRASculpt.Training.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Regularizers;

/// <summary>
/// L2-Reg baseline (supplementary Sec. F): sum over every adapted module of ||A||_F^2 + ||B||_F^2,
/// multiplied by reg_weight in the loss. (DoRA magnitudes are not included; l2 runs on LoRA.)
/// </summary>
public static class L2Regularizer
{
    public static Tensor Compute(IEnumerable<AdaptedModule> modules)
    {
        Tensor total = torch.zeros(1).squeeze();
        foreach (var m in modules)
            total = total + m.Adapter.A.pow(2).sum() + m.Adapter.B.pow(2).sum();
        return total;
    }
}
