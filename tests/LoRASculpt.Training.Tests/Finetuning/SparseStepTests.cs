using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Finetuning;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Finetuning;

public sealed class SparseStepTests
{
    [Fact]
    public void Clipping_measures_the_norm_of_the_sparse_update_not_of_the_pruned_gradients()
    {
        using var p = new TorchSharp.Modules.Parameter(torch.tensor(new float[] { 1, 1, 1 }));
        using var optimizer = new AdamW([("p", p, 0.1)], weightDecay: 0);
        using var masks = new SparsityMasks();
        masks.Add("p", p, torch.tensor(new float[] { 1, 0, 1 }));
        // Gradient (3, 12, 4): norm 13 with the pruned entry, 5 without it.
        (p * torch.tensor(new float[] { 3, 12, 4 })).sum().backward();

        var norm = SparseStep.Apply(masks, [p], gradClip: 1.0, optimizer, lrFactor: 1.0);

        Assert.Equal(5.0, norm, 6);
        // AdamW's first step moves every kept entry by lr (bias-corrected m / sqrt(v) = sign(g)); the pruned one stays 0.
        Assert.Equal(new[] { 0.9f, 0f, 0.9f }, p.detach().data<float>().ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal(0f, p.grad!.abs().sum().item<float>());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
