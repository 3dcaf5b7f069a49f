using LoRASculpt.Training.PostHoc;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.PostHoc;

public sealed class DareTests
{
    [Fact]
    public void Each_draw_keeps_survivors_rescaled_by_one_over_one_minus_p()
    {
        using var g = new Generator(1);
        using var delta = torch.rand(new long[] { 40, 50 }, generator: g) + 0.5;   // no zero entries
        using var dropped = Dare.Apply(delta, 0.9, g);
        using var kept = dropped.ne(0);
        var keptFraction = kept.to_type(ScalarType.Float32).mean().item<float>();
        Assert.InRange(keptFraction, 0.07, 0.13);           // 2000 entries, sd of the fraction = 0.0067
        using var expected = delta * 10;
        Assert.True(dropped.masked_select(kept).allclose(expected.masked_select(kept), rtol: 1e-6));
    }

    [Fact]
    public void Preserves_the_update_in_expectation()
    {
        // Each entry is delta / (1 - p) with probability 1 - p, else 0: mean delta, variance delta^2 p / (1 - p) = 9 delta^2.
        // Averaging N = 4000 draws, the error of an entry has sd 3 |delta| / sqrt(N) = 0.047 |delta|; over 60 entries the
        // maximum relative error stays below 5 sd = 0.24 except with probability ~ 60 * 6e-7. Seeded, so deterministic.
        const int draws = 4000;
        using var g = new Generator(7);
        using var delta = torch.randn(new long[] { 6, 10 }, generator: g);
        using var sum = torch.zeros_like(delta);
        for (var i = 0; i < draws; i++)
        {
            using var d = Dare.Apply(delta, 0.9, g);
            sum.add_(d);
        }
        using var mean = sum / draws;
        using var relative = (mean - delta).abs() / delta.abs();
        Assert.True(relative.max().item<float>() < 5 * 3 / Math.Sqrt(draws));
        // The total is much tighter: |sum of means - sum of delta| relative to sum |delta|.
        var totalError = Math.Abs((mean - delta).sum().item<float>()) / delta.abs().sum().item<float>();
        Assert.True(totalError < 0.03, $"total relative error {totalError}");
    }

    [Fact]
    public void Same_generator_seed_gives_the_same_result()
    {
        using var delta = torch.ones(5, 5);
        using var g1 = new Generator(3);
        using var g2 = new Generator(3);
        using var a = Dare.Apply(delta, 0.5, g1);
        using var b = Dare.Apply(delta, 0.5, g2);
        Assert.True(a.eq(b).all().item<bool>());
    }
}
