using LoRASculpt.Training.Adapters;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// One optimizer step of (possibly) sparse training, after the backward pass: pruned entries' gradients are zeroed
/// first, so the global norm that clipping measures is that of the sparse update actually applied; then clip, AdamW,
/// re-zero pruned parameters and moments, and clear the gradients.
/// </summary>
public static class SparseStep
{
    /// <returns>The global gradient norm clipping saw (of the masked gradients); 0 when clipping is off.</returns>
    /// <param name="afterMasking">Runs on the masked, unclipped gradients (diagnostics).</param>
    public static double Apply(SparsityMasks masks, IReadOnlyList<Tensor> trainable, double gradClip, AdamW optimizer, double lrFactor, Action? afterMasking = null)
    {
        masks.MaskGradients(optimizer.States.Select(s => s.Parameter));
        afterMasking?.Invoke();
        var norm = gradClip > 0 ? GradientClipping.ClipByGlobalNorm(trainable, gradClip) : 0;
        optimizer.Step(lrFactor);
        masks.Enforce(MaskableState(optimizer));
        optimizer.ZeroGrad();
        return norm;
    }

    public static IEnumerable<(TorchSharp.Modules.Parameter, Tensor[])> MaskableState(AdamW optimizer) =>
        optimizer.States.Select(s => (s.Parameter, new[] { s.ExpAvg, s.ExpAvgSq }));
}
