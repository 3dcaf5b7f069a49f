using LoRASculpt.Training.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Adapters;

public sealed class MagnitudeMaskTests
{
    [Theory]
    [InlineData(8, 128, 0.1, 102)]
    [InlineData(344, 8, 0.05, 137)]
    [InlineData(7, 3, 1.0, 21)]
    [InlineData(10, 10, 0.1, 10)]
    [InlineData(3, 3, 0.1, 0)]
    public void Keeps_exactly_floor_density_times_numel(int rows, int cols, double density, int expected)
    {
        using var g = new Generator(5);
        using var values = torch.randn(new long[] { rows, cols }, generator: g);
        using var mask = MagnitudeMask.TopK(values, density);
        Assert.Equal(expected, (int)mask.sum().item<float>());
        Assert.Equal(expected, MagnitudeMask.KeepCount(rows * cols, density));
        // Every kept magnitude is at least every pruned magnitude.
        if (expected is > 0 and < 1000 && expected < rows * cols)
        {
            using var abs = values.abs();
            var keptMin = abs.masked_select(mask.to_type(ScalarType.Bool)).min().item<float>();
            var prunedMax = abs.masked_select(mask.eq(0)).max().item<float>();
            Assert.True(keptMin >= prunedMax);
        }
    }

    [Fact]
    public void Ties_are_broken_by_the_lower_index()
    {
        using var values = torch.tensor(new float[] { 0, 0, -2, 0, 2, 0 }, new long[] { 2, 3 });
        using var mask = MagnitudeMask.TopK(values, 0.5);
        Assert.Equal(new float[] { 1, 0, 1, 0, 1, 0 }, mask.data<float>().ToArray());
    }
}
