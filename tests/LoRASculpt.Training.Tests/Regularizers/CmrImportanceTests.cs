using LoRASculpt.Training.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Regularizers;

public sealed class CmrImportanceTests
{
    [Fact]
    public void Matches_the_hand_computed_values()
    {
        // W = [[3, 0], [0, 4]], ||W||_F = 5, so |W| / ||W||_F = [[0.6, 0], [0, 0.8]].
        // S = |1 / log(x + 1e-15)|: log 0.6 = -0.510826 -> S = 1.957615 -> M = tanh(S) = 0.960907
        //                            log 1e-15 = -34.538776 -> S = 0.028953 -> M = 0.028945
        //                            log 0.8 = -0.223144 -> S = 4.481420 -> M = 0.999744
        using var w = torch.tensor(new float[,] { { 3, 0 }, { 0, 4 } });
        using var m = CmrImportance.Compute(w, omega: 1.0);
        Assert.Equal(ScalarType.Float32, m.dtype);
        var values = m.data<float>().ToArray();
        Assert.Equal(0.960907437, values[0], 6);
        Assert.Equal(0.028944878, values[1], 6);
        Assert.Equal(0.028944878, values[2], 6);
        Assert.Equal(0.999743869, values[3], 6);
    }

    [Fact]
    public void Lies_in_zero_one_and_grows_with_the_weight_magnitude()
    {
        using var g = new Generator(11);
        using var w = torch.randn(new long[] { 64, 48 }, generator: g) * 0.05;
        using var m = CmrImportance.Compute(w, omega: 1.0);
        var magnitudes = w.abs().reshape(-1).data<float>().ToArray();
        var importance = m.reshape(-1).data<float>().ToArray();
        Assert.All(importance, v => Assert.InRange(v, 0f, 1f));
        // Sorted by |W|, M never decreases.
        var ordered = magnitudes.Zip(importance).OrderBy(p => p.First).Select(p => p.Second).ToArray();
        for (var i = 1; i < ordered.Length; i++) Assert.True(ordered[i] >= ordered[i - 1]);
        // The paper's typical range for a large matrix: entries are small relative to ||W||_F.
        Assert.InRange(importance.Average(), 0.03, 0.3);
    }

    [Fact]
    public void Omega_sharpens_the_mask()
    {
        using var w = torch.tensor(new float[,] { { 3, 0 }, { 0, 4 } });
        using var m1 = CmrImportance.Compute(w, 1.0);
        using var m2 = CmrImportance.Compute(w, 2.0);
        // tanh(2 * 0.028953) = 0.057842
        Assert.Equal(0.057842, m2.data<float>()[1], 5);
        Assert.True(m2.ge(m1).all().item<bool>());
    }
}
