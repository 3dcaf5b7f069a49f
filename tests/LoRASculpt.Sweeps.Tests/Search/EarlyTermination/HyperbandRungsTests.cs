using LoRASculpt.Sweeps.Search.EarlyTermination;
using Settings = LoRASculpt.Contracts.Sweeps.HyperbandSettings;

namespace LoRASculpt.Sweeps.Tests.Search.EarlyTermination;

public sealed class HyperbandRungsTests
{
    [Theory]
    [InlineData(1, 3, 200, 0, new[] { 1, 3, 9, 27, 81 })]
    [InlineData(1, 3, 27, 0, new[] { 1, 3, 9 })]
    [InlineData(1, 3, 28, 0, new[] { 1, 3, 9, 27 })]
    [InlineData(2, 2, 20, 0, new[] { 2, 4, 8, 16 })]
    [InlineData(1, 3, 200, 2, new[] { 1, 3 })]
    [InlineData(5, 3, 6, 0, new[] { 5 })]
    public void Rungs_are_at_min_iter_times_powers_of_eta_below_max_iter_and_at_most_s_of_them(int minIter, int eta, int maxIter, int s, int[] expected) =>
        Assert.Equal(expected, HyperbandRungs.Of(new Settings(minIter, eta, maxIter, s)).ToArray());
}
