using LoRASculpt.Training.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Diagnostics;

/// <summary>
/// Whether LoRASculpt's mask of A was learnt: the fraction of the entries it keeps that are also among the top-k of
/// A's initial (Kaiming-uniform) values by magnitude, with the same k. 1 means the mask only re-selected the largest
/// initial values (A moved too little before prune_step); about the density (chance level) means training decided it.
/// B starts at zero, where every choice is a top-k, so only A has this measure.
/// </summary>
public static class MaskInitialOverlap
{
    /// <summary>|mask ∩ top-k(initial)| / k, with k = the mask's kept count (0 when it keeps nothing).</summary>
    public static double Of(Tensor mask, Tensor initial)
    {
        using var scope = torch.NewDisposeScope();
        var kept = mask.ne(0);
        var k = kept.sum().item<long>();
        if (k == 0) return 0;
        using var initialMask = MagnitudeMask.TopK(initial, (double)k / initial.numel());
        var both = kept.logical_and(initialMask.ne(0)).sum().item<long>();
        return (double)both / k;
    }
}
