using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Tests.Support;

namespace LoRASculpt.Grains.Tests.Orchestration;

public sealed class RetryTests
{
    [Fact]
    public async Task Transient_failures_are_retried_up_to_the_cap_and_the_sweep_still_finishes()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(slotsPerSilo: 2, orchestration: o => o.MaxAttempts = 3);
        var recovers = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("flaky", count: 2, durationMs: 1, failAttempts: 2));
        var givesUp = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("broken", count: 1, durationMs: 1, failAttempts: 5));

        var ok = await cluster.WaitUntilFinishedAsync(recovers.SweepId);
        var failed = await cluster.WaitUntilFinishedAsync(givesUp.SweepId);

        Assert.Equal(2, ok.Completed);
        Assert.All((await cluster.Sweeps.GetResultsAsync(recovers.SweepId))!.Rows, r =>
        {
            Assert.Equal(3, r.Attempts);
            Assert.Equal(3, cluster.Log.Trainings(r.TrialId));
        });
        Assert.Equal(1, failed.Failed);
        var row = Assert.Single((await cluster.Sweeps.GetResultsAsync(givesUp.SweepId))!.Rows);
        Assert.Equal(TrialStatus.Failed, row.Status);
        Assert.Equal(3, cluster.Log.Trainings(row.TrialId));
        Assert.Contains("gave up after 3 transient failures", row.FailureReason);
        Assert.Contains("synthetic failure", row.FailureReason);
        Assert.Null(row.Result);
    }
}
