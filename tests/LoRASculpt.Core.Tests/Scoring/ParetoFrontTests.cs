using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Core.Tests.Scoring;

public sealed class ParetoFrontTests
{
    [Fact]
    public void Keeps_the_non_dominated_points_ordered_by_x()
    {
        (double, double)[] points = [(1, 5), (2, 4), (2, 3), (3, 1), (0, 5), (1.5, 4), (3, 1)];

        var front = ParetoFront.Compute(points);

        // (0,5) is dominated by (1,5); (2,3) by (2,4); (1.5,4) by (2,4); both copies of (3,1) survive.
        Assert.Equal([0, 1, 6, 3], front);
    }

    [Fact]
    public void Edge_cases()
    {
        Assert.Empty(ParetoFront.Compute([]));
        Assert.Equal([0], ParetoFront.Compute([(double.NegativeInfinity, double.NegativeInfinity)]));
        Assert.Equal([1], ParetoFront.Compute([(double.NegativeInfinity, 0), (0, 0)]));
        Assert.Throws<ArgumentException>(() => ParetoFront.Compute([(0, double.NaN)]));
    }

    [Fact]
    public void Generic_overload_returns_items()
    {
        var rows = new[] { ("a", 10.0, 1.0), ("b", 5.0, 5.0), ("c", 4.0, 4.0) };
        Assert.Equal(["b", "a"], ParetoFront.Compute(rows, r => r.Item2, r => r.Item3).Select(r => r.Item1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Matches_brute_force_on_random_points_with_ties(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 50; round++)
        {
            var n = random.Next(0, 60);
            // Few distinct values so equal coordinates and exact duplicates are common.
            var points = Enumerable.Range(0, n).Select(_ => ((double)random.Next(0, 8), (double)random.Next(0, 8))).ToArray();

            var expected = Enumerable.Range(0, n)
                .Where(i => !points.Any(q => q.Item1 >= points[i].Item1 && q.Item2 >= points[i].Item2 && (q.Item1 > points[i].Item1 || q.Item2 > points[i].Item2)))
                .ToHashSet();
            var front = ParetoFront.Compute(points);

            Assert.Equal(expected.Order(), front.Order());
            Assert.Equal(front.Select(i => points[i].Item1).Order(), front.Select(i => points[i].Item1));
        }
    }
}
