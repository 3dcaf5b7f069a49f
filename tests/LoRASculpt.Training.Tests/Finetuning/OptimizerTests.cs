using LoRASculpt.Training.Finetuning;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Finetuning;

public sealed class OptimizerTests
{
    [Fact]
    public void AdamW_matches_torch_optim_AdamW()
    {
        using var g = new Generator(2);
        using var ours = nn.Parameter(torch.randn(new long[] { 4, 3 }, generator: g));
        using var theirs = nn.Parameter(ours.detach().clone());
        using var optimizer = new LoRASculpt.Training.Finetuning.AdamW([("p", ours, 0.01)], weightDecay: 0.1);
        using var reference = torch.optim.AdamW([theirs], lr: 0.01, weight_decay: 0.1);
        for (var step = 0; step < 5; step++)
        {
            using var target = torch.randn(new long[] { 4, 3 }, generator: g);
            foreach (var p in new[] { ours, theirs })
            {
                using var loss = (p - target).pow(3).abs().sum();
                loss.backward();
            }
            optimizer.Step(1.0);
            optimizer.ZeroGrad();
            reference.step();
            reference.zero_grad();
        }
        Assert.True(ours.allclose(theirs, rtol: 1e-6, atol: 1e-7));
    }

    [Fact]
    public void Cosine_schedule_follows_the_hugging_face_formula()
    {
        var schedule = new CosineSchedule(totalSteps: 100, warmupRatio: 0.03);
        Assert.Equal(3, schedule.WarmupSteps);
        Assert.Equal(0.0, schedule.Factor(0));
        Assert.Equal(2.0 / 3, schedule.Factor(2), 12);
        Assert.Equal(1.0, schedule.Factor(3), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 48 / 97)), schedule.Factor(51), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 96 / 97)), schedule.Factor(99), 12);
    }

    [Fact]
    public void Clipping_scales_the_global_norm_down_to_the_limit()
    {
        using var a = nn.Parameter(torch.zeros(2));
        using var b = nn.Parameter(torch.zeros(1));
        using (var loss = a.mul(torch.tensor(new float[] { 3, 0 })).sum() + b.mul(4).sum()) loss.backward();
        var norm = GradientClipping.ClipByGlobalNorm([a, b], maxNorm: 1.0);
        Assert.Equal(5.0, norm, 5);
        Assert.Equal(0.6f, a.grad!.data<float>()[0], 5);
        Assert.Equal(0.8f, b.grad!.data<float>()[0], 5);
    }

    [Fact]
    public void Epoch_sampler_covers_each_sample_once_per_epoch_and_resumes_exactly()
    {
        var sampler = new EpochSampler(10, seed: 3);
        var first = sampler.Next(10);
        Assert.Equal(Enumerable.Range(0, 10), first.Order());
        var partial = sampler.Next(4);
        var resumed = new EpochSampler(10, seed: 3, sampler.Epoch, sampler.Position);
        Assert.Equal(sampler.Next(9), resumed.Next(9));
        Assert.NotEqual(first, partial.Concat(sampler.Next(6)).ToArray());
    }
}
