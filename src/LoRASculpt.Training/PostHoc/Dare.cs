using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.PostHoc;

/// <summary>
/// DARE (Yu et al. 2024, "Drop And REscale"): each entry of the merged update ΔW = s B A is dropped
/// independently with probability p and the survivors are scaled by 1 / (1 - p), so E[result] = ΔW.
/// Drawn from the given generator (seeded by the trial) in module order.
/// </summary>
public static class Dare
{
    public static Tensor Apply(Tensor delta, double dropRate, Generator generator)
    {
        if (!(dropRate >= 0 && dropRate < 1))
            throw new ArgumentOutOfRangeException(nameof(dropRate), dropRate, "DARE drop rate must be in [0, 1).");
        using var scope = torch.NewDisposeScope();
        var keep = torch.rand(delta.shape, dtype: delta.dtype, generator: generator).ge(dropRate);
        return (delta.detach() * keep / (1 - dropRate)).DetachFromDisposeScope();
    }
}
