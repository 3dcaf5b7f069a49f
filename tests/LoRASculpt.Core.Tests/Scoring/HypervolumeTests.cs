using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Core.Tests.Scoring;

public sealed class HypervolumeTests
{
    [Fact]
    public void A_single_point_dominates_its_rectangle()
    {
        Assert.Equal(12.0, Hypervolume.Of2D([(3, 4)]));
        Assert.Equal(2.0, Hypervolume.Of2D([(3, 4)], (2, 2)));
    }

    [Fact]
    public void A_staircase_adds_its_steps_and_dominated_points_add_nothing()
    {
        // (1,3), (2,2), (3,1): 3x1 + 2x1 + 1x1 = 6; (1,1) is dominated; (0.5, 0.5) is below the front.
        Assert.Equal(6.0, Hypervolume.Of2D([(1, 3), (2, 2), (3, 1), (1, 1), (0.5, 0.5)]));
    }

    [Fact]
    public void Points_not_above_the_reference_count_for_nothing()
    {
        Assert.Equal(0.0, Hypervolume.Of2D([(-1, 5), (5, 0)]));
        Assert.Equal(0.0, Hypervolume.Of2D([]));
    }
}
