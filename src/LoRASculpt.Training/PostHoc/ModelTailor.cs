using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Finetuning;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.PostHoc;

/// <summary>
/// Model Tailor (Zhu et al. 2024), as we implement it: keep the pretrained model and graft back only
/// the most important tailor_keep fraction of each module's update ΔW, chosen by
/// score = |ΔW| ⊙ F, where F is the sensitivity: the Fisher diagonal of the target task loss with
/// respect to the merged weight, i.e. the squared gradient of the loss w.r.t. W + ΔW summed over
/// tailor_batches target batches (adapter dropout off). Per-module top-k, ties to the lower index;
/// the grafted update is ΔW ⊙ mask. The paper's subsequent weight-compensation step is not
/// implemented (it is not needed to select the patch and the LoRASculpt paper compares the patch).
/// </summary>
public static class ModelTailor
{
    /// <summary>The grafted updates by module name (caller disposes).</summary>
    public static Dictionary<string, Tensor> Apply(AdapterSet adapters, IFinetuningTask task, double keep, int batches, int batchSize, int seed)
    {
        var fisher = FisherDiagonal(adapters, task, batches, batchSize, seed);
        try
        {
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            using var deltas = new DisposableDictionary(adapters.DeltaWeights());
            foreach (var m in adapters.Modules)
            {
                using var scope = torch.NewDisposeScope();
                var delta = deltas.Items[m.Name];
                var score = delta.abs() * fisher[m.Name];
                using var mask = MagnitudeMask.TopK(score, keep);
                result[m.Name] = (delta * mask).DetachFromDisposeScope();
            }
            return result;
        }
        finally
        {
            foreach (var f in fisher.Values) f.Dispose();
        }
    }

    /// <summary>Sum over batches of (dL/dW_merged)^2 for every adapted module's weight.</summary>
    public static Dictionary<string, Tensor> FisherDiagonal(AdapterSet adapters, IFinetuningTask task, int batches, int batchSize, int seed)
    {
        var fisher = adapters.Modules.ToDictionary(m => m.Name, m => torch.zeros_like(m.Layer.weight).DetachFromDisposeScope(), StringComparer.Ordinal);
        var sampler = new EpochSampler(task.TrainSampleCount, seed + 7919);
        adapters.SetTraining(false);
        // The layer's output depends on W and ΔW only through W + ΔW for LoRA, so dL/dW = dL/d(W + ΔW).
        // For DoRA the detached norm makes this the gradient w.r.t. the direction's numerator, a close proxy.
        foreach (var m in adapters.Modules) m.Layer.weight.requires_grad = true;
        try
        {
            for (var b = 0; b < batches; b++)
            {
                using var scope = torch.NewDisposeScope();
                var loss = task.TaskLoss(sampler.Next(batchSize));
                loss.backward();
                using var noGrad = torch.no_grad();
                foreach (var m in adapters.Modules)
                {
                    using var grad = m.Layer.weight.grad;
                    if (grad is null) continue;
                    fisher[m.Name].addcmul_(grad, grad, 1.0);
                    grad.zero_();
                }
                foreach (var (_, p) in adapters.TrainableParameters)
                {
                    using var g = p.grad;
                    g?.zero_();
                }
            }
        }
        finally
        {
            foreach (var m in adapters.Modules)
            {
                m.Layer.weight.requires_grad = false;
                using var grad = m.Layer.weight.grad;
                grad?.zero_();
            }
        }
        return fisher;
    }

    private sealed class DisposableDictionary(Dictionary<string, Tensor> items) : IDisposable
    {
        public Dictionary<string, Tensor> Items { get; } = items;

        public void Dispose()
        {
            foreach (var t in Items.Values) t.Dispose();
        }
    }
}
