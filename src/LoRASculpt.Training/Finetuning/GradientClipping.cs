using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>torch.nn.utils.clip_grad_norm_ semantics: scale all gradients by min(1, max_norm / (total_norm + 1e-6)).</summary>
public static class GradientClipping
{
    /// <returns>The total gradient norm before clipping.</returns>
    public static double ClipByGlobalNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        using var scope = torch.NewDisposeScope();
        var grads = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0) return 0;
        var total = torch.stack(grads.Select(g => g.norm()).ToArray()).norm();
        var totalNorm = total.item<float>();
        if (maxNorm > 0)
        {
            var coefficient = Math.Min(1.0, maxNorm / (totalNorm + 1e-6));
            if (coefficient < 1.0)
                foreach (var g in grads) g.mul_(coefficient);
        }
        return totalNorm;
    }
}
