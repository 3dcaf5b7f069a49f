using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Core.Tests.Scoring;

public sealed class ReplicateStatisticsTests
{
    [Fact]
    public void Mean_and_sample_standard_deviation()
    {
        // 2, 4, 6: mean 4, squared deviations 4 + 0 + 4 = 8, over n - 1 = 2 gives 4, so std 2.
        var stats = ReplicateStatistics.Of([2.0, 4.0, 6.0]);
        Assert.Equal(new ReplicateStatistics(4.0, 2.0, 3), stats);
        Assert.Equal("4.00 ± 2.00 (3)", stats.Format());
    }

    [Fact]
    public void One_seed_has_no_spread_and_prints_as_its_score()
    {
        var stats = ReplicateStatistics.Of([45.344]);
        Assert.Equal(new ReplicateStatistics(45.344, 0, 1), stats);
        Assert.Equal("45.34", stats.Format());
    }

    [Fact]
    public void No_values_or_NaN_are_refused()
    {
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => ReplicateStatistics.Of([])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => ReplicateStatistics.Of([1.0, double.NaN])).Message);
    }

    [Fact]
    public void Best_is_marked_when_it_beats_the_runner_up_by_more_than_the_spread()
    {
        ReplicateStatistics[] points = [new(50, 1, 3), new(53, 1.5, 3), new(40, 0.5, 3)];
        Assert.Equal(1, DistinctBest.Find(points));
    }

    [Fact]
    public void Best_within_the_spread_of_the_runner_up_is_not_marked()
    {
        // 53 - 50 = 3 is not more than the runner-up's spread of 3.
        ReplicateStatistics[] points = [new(50, 3, 3), new(53, 1, 3)];
        Assert.Null(DistinctBest.Find(points));
    }

    [Fact]
    public void With_one_seed_per_point_the_highest_wins_and_a_tie_goes_to_the_first()
    {
        Assert.Equal(1, DistinctBest.Find([new(50, 0, 1), new(53, 0, 1)]));
        Assert.Equal(0, DistinctBest.Find([new(53, 0, 1), new(53, 0, 1)]));
        Assert.Equal(0, DistinctBest.Find([new(10, 2, 3)]));
        Assert.Null(DistinctBest.Find([]));
    }
}
