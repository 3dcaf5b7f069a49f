using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Search;

namespace LoRASculpt.Sweeps.Tests.Search;

public sealed class SamplerTests
{
    [Fact]
    public void SplitMix64_follows_the_published_sequence()
    {
        // The reference implementation's first outputs for seed 0 (Vigna's splitmix64.c).
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.Next());
    }

    private static double[] Draws(ParameterDistribution d, int n = 4000, ulong seed = 7)
    {
        var random = new SplitMix64(seed);
        return [.. Enumerable.Range(0, n).Select(_ => double.Parse(DistributionSampler.Draw(d, random), CultureInfo.InvariantCulture))];
    }

    [Fact]
    public void Uniform_stays_in_its_bounds_with_four_significant_digits()
    {
        var draws = Draws(new ParameterDistribution(DistributionKind.Uniform, [], [], Min: 0.1, Max: 0.5));
        Assert.All(draws, v => Assert.InRange(v, 0.1, 0.5));
        Assert.All(draws, v => Assert.Equal(v, Math.Round(v, 4)));
        Assert.InRange(draws.Average(), 0.29, 0.31);
    }

    [Fact]
    public void Log_uniform_values_is_uniform_in_the_logarithm()
    {
        var draws = Draws(new ParameterDistribution(DistributionKind.LogUniformValues, [], [], Min: 1e-5, Max: 1e-1));
        Assert.All(draws, v => Assert.InRange(v, 1e-5, 1e-1));
        // A quarter of the log range is one decade: about a quarter of the draws fall in each.
        var firstDecade = draws.Count(v => v < 1e-4) / (double)draws.Length;
        Assert.InRange(firstDecade, 0.22, 0.28);
    }

    [Fact]
    public void Quantised_draws_are_multiples_of_q()
    {
        var whole = Draws(new ParameterDistribution(DistributionKind.QUniform, [], [], Min: 4, Max: 64, Q: 4));
        Assert.All(whole, v => Assert.Equal(0, v % 4));
        Assert.All(whole, v => Assert.InRange(v, 4, 64));
        var tenths = Draws(new ParameterDistribution(DistributionKind.QLogUniformValues, [], [], Min: 0.1, Max: 10, Q: 0.1));
        Assert.All(tenths, v => Assert.Equal(v, Math.Round(v, 1)));
    }

    [Fact]
    public void Int_uniform_reaches_both_bounds()
    {
        var draws = Draws(new ParameterDistribution(DistributionKind.IntUniform, [], [], Min: 1, Max: 3), n: 300);
        Assert.Equal([1.0, 2.0, 3.0], draws.Distinct().Order());
    }

    [Fact]
    public void Categorical_follows_its_probabilities()
    {
        var d = new ParameterDistribution(DistributionKind.Categorical, ["8", "16"], [0.9, 0.1]);
        var draws = Draws(d, n: 10_000);
        Assert.InRange(draws.Count(v => v == 16) / 10_000.0, 0.09, 0.11);
        var uniform = Draws(d with { Probabilities = [] }, n: 10_000);
        Assert.InRange(uniform.Count(v => v == 16) / 10_000.0, 0.48, 0.52);
    }

    [Fact]
    public void Normal_has_its_mean_and_spread()
    {
        var draws = Draws(new ParameterDistribution(DistributionKind.Normal, [], [], Mu: 3, Sigma: 0.5), n: 10_000);
        var mean = draws.Average();
        var std = Math.Sqrt(draws.Sum(v => (v - mean) * (v - mean)) / (draws.Length - 1));
        Assert.InRange(mean, 2.98, 3.02);
        Assert.InRange(std, 0.49, 0.51);
    }
}
