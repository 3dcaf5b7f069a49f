using LoRASculpt.Core.Sparsity;

namespace LoRASculpt.Core.Tests.Sparsity;

public sealed class SparsityTheoryTests
{
    [Fact]
    public void Expected_density_matches_closed_form_values()
    {
        // 1 - (1 - 0.1 * 0.1)^32 = 1 - 0.99^32 = 1 - 0.72498034 = 0.27501966 (the paper's "~27.5%").
        Assert.Equal(0.27501966, SparsityTheory.ExpectedProductDensity(0.1, 0.1, 32), 8);
        // 1 - (1 - 0.09)^8 = 1 - 0.91^8 = 1 - 0.47025253 = 0.52974747.
        Assert.Equal(0.52974747, SparsityTheory.ExpectedProductDensity(0.3, 0.3, 8), 8);
        Assert.Equal(0.0, SparsityTheory.ExpectedProductDensity(0, 0.5, 16));
        Assert.Equal(1.0, SparsityTheory.ExpectedProductDensity(1, 1, 1));
        Assert.Equal(0.06, SparsityTheory.ExpectedProductDensity(0.2, 0.3, 1), 12);
    }

    [Fact]
    public void Deviation_bound_matches_theorem_3_2()
    {
        // p = q = 64, r = 8: exponent -2 delta^2 * 4096 / (8 * 128) = -8 delta^2; delta = 0.5 -> 2 e^-2.
        Assert.Equal(2 * Math.Exp(-2), SparsityTheory.DeviationBound(0.5, 64, 64, 8), 12);
        Assert.Equal(2 * Math.Exp(-2 * 100), SparsityTheory.DeviationBound(0.5, 64, 64, 8, samples: 100), 12);
        var delta = SparsityTheory.DeviationAtProbability(1e-6, 64, 64, 8, samples: 50);
        Assert.Equal(1e-6, SparsityTheory.DeviationBound(delta, 64, 64, 8, samples: 50), 15);
    }

    [Fact]
    public void Arguments_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SparsityTheory.ExpectedProductDensity(1.1, 0.1, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparsityTheory.ExpectedProductDensity(0.1, double.NaN, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparsityTheory.ExpectedProductDensity(0.1, 0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparsityTheory.DeviationBound(-0.1, 4, 4, 2));
    }

    /// <summary>
    /// Random masks: each entry of B (p x r) and A (r x q) is kept with probability s. Entry (i, j) of BA is
    /// structurally non-zero when row i of B and column j of A share a kept index k, tested with r-bit masks.
    /// Theorem 3.2's bounded-differences bound over all samples * r * (p + q) entries sets the tolerance:
    /// the mean of the samples leaves [E - delta, E + delta] with probability at most 1e-6.
    /// </summary>
    [Theory]
    [InlineData(64, 64, 8, 0.3, 2000)]
    [InlineData(128, 128, 32, 0.1, 1500)]
    public void Theorem_3_1_matches_monte_carlo_within_theorem_3_2_tolerance(int p, int q, int rank, double density, int samples)
    {
        var random = new Random(20250316);
        var total = 0.0;
        for (var sample = 0; sample < samples; sample++)
        {
            var rowsOfB = RandomMasks(random, p, rank, density);
            var columnsOfA = RandomMasks(random, q, rank, density);
            long nonZero = 0;
            foreach (var row in rowsOfB)
                foreach (var column in columnsOfA)
                    if ((row & column) != 0)
                        nonZero++;
            total += (double)nonZero / ((long)p * q);
        }
        var measured = total / samples;
        var expected = SparsityTheory.ExpectedProductDensity(density, density, rank);
        var tolerance = SparsityTheory.DeviationAtProbability(1e-6, p, q, rank, samples);

        Assert.True(tolerance < 0.05, $"tolerance {tolerance} too loose to test anything");
        Assert.InRange(measured, expected - tolerance, expected + tolerance);
    }

    private static ulong[] RandomMasks(Random random, int count, int rank, double density)
    {
        var masks = new ulong[count];
        for (var i = 0; i < count; i++)
            for (var k = 0; k < rank; k++)
                if (random.NextDouble() < density)
                    masks[i] |= 1UL << k;
        return masks;
    }
}
