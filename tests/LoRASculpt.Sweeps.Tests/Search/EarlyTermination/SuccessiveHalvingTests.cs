using LoRASculpt.Sweeps.Search.EarlyTermination;

namespace LoRASculpt.Sweeps.Tests.Search.EarlyTermination;

public sealed class SuccessiveHalvingTests
{
    [Fact]
    public void The_cutoff_is_the_one_minus_one_over_eta_quantile_interpolated_linearly()
    {
        // Three values, eta 3: position (3 - 1) x 2/3 = 4/3, a third of the way from 20 to 30.
        Assert.Equal(20 + 10.0 / 3, SuccessiveHalving.Cutoff([30, 10, 20], eta: 3)!.Value, 12);
        // Two values, eta 2: the median.
        Assert.Equal(15, SuccessiveHalving.Cutoff([10, 20], eta: 2));
        // One value: itself.
        Assert.Equal(10, SuccessiveHalving.Cutoff([10], eta: 3));
        // Four values, eta 4: position 3 x 3/4 = 2.25 between 30 and 40.
        Assert.Equal(32.5, SuccessiveHalving.Cutoff([40, 10, 30, 20], eta: 4));
    }

    [Fact]
    public void Values_that_are_not_finite_take_no_part_in_the_cutoff()
    {
        Assert.Equal(15, SuccessiveHalving.Cutoff([double.NaN, 10, 20, double.PositiveInfinity], eta: 2));
        Assert.Null(SuccessiveHalving.Cutoff([double.NaN], eta: 3));
        Assert.Null(SuccessiveHalving.Cutoff([], eta: 3));
    }

    [Fact]
    public void A_trial_continues_without_company_on_a_tie_and_above_the_cutoff_and_stops_below_it()
    {
        Assert.True(SuccessiveHalving.Continues(1, cutoff: null));
        Assert.True(SuccessiveHalving.Continues(double.NaN, cutoff: null));
        Assert.True(SuccessiveHalving.Continues(20, cutoff: 20));
        Assert.True(SuccessiveHalving.Continues(21, cutoff: 20));
        Assert.False(SuccessiveHalving.Continues(19.999, cutoff: 20));
        Assert.False(SuccessiveHalving.Continues(double.NaN, cutoff: 20));
    }
}
