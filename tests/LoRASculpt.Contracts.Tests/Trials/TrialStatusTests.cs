using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Contracts.Tests;

public sealed class TrialStatusTests
{
    [Theory]
    [InlineData(TrialStatus.Queued, false, "queued")]
    [InlineData(TrialStatus.Training, false, "training")]
    [InlineData(TrialStatus.Evaluating, false, "evaluating")]
    [InlineData(TrialStatus.Completed, true, "completed")]
    [InlineData(TrialStatus.Failed, true, "failed")]
    [InlineData(TrialStatus.Cancelled, true, "cancelled")]
    [InlineData(TrialStatus.StoppedEarly, true, "stopped early")]
    public void Each_status_says_whether_it_is_terminal_and_how_it_is_spelt(TrialStatus status, bool terminal, string display) =>
        Assert.Equal((terminal, display), (status.IsTerminal(), status.Display()));

    [Fact]
    public void Stopped_early_was_added_at_the_end_so_stored_statuses_keep_their_numbers() =>
        Assert.Equal((5, 6), ((int)TrialStatus.Cancelled, (int)TrialStatus.StoppedEarly));
}
