using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Tests.Support;

namespace LoRASculpt.Grains.Tests.Orchestration;

public sealed class ResumeTests
{
    [Fact]
    public async Task After_the_host_stops_mid_sweep_resume_runs_only_the_unfinished_trials()
    {
        using var directory = new TempDirectory();
        var database = Path.Combine(directory.Path, "state.db");
        var spec = SyntheticSweeps.Seeds("resume", count: 12, durationMs: 100);

        string sweepId;
        await using (var first = await OrchestrationCluster.StartAsync(slotsPerSilo: 2, sqlitePath: database))
        {
            sweepId = (await first.Sweeps.SubmitAsync(spec)).SweepId;
            await first.WaitForAsync(sweepId, s => s.Completed >= 4);
        }

        await using var second = await OrchestrationCluster.StartAsync(slotsPerSilo: 2, sqlitePath: database);
        var before = (await second.Sweeps.GetResultsAsync(sweepId))!;
        var completedBefore = before.Rows.Where(r => r.Status == TrialStatus.Completed).ToDictionary(r => r.TrialId, r => r.Result);
        Assert.InRange(completedBefore.Count, 4, 11);
        Assert.Equal(SweepState.Running, before.State);
        Assert.Equal(0, second.Log.TotalTrainings);

        await second.Sweeps.ResumeAsync(sweepId);
        var done = await second.WaitUntilFinishedAsync(sweepId);
        var after = (await second.Sweeps.GetResultsAsync(sweepId))!;

        Assert.Equal((SweepState.Completed, 12), (done.State, done.Completed));
        foreach (var row in after.Rows)
        {
            if (completedBefore.TryGetValue(row.TrialId, out var result))
            {
                Assert.Equal(0, second.Log.Trainings(row.TrialId));
                ResultAssert.Same(result, row.Result);
            }
            else
            {
                Assert.Equal(1, second.Log.Trainings(row.TrialId));
            }
        }
    }

    [Fact]
    public async Task Running_the_same_file_again_after_a_restart_resumes_it()
    {
        using var directory = new TempDirectory();
        var database = Path.Combine(directory.Path, "state.db");
        var spec = SyntheticSweeps.Seeds("rerun", count: 4, durationMs: 5);

        await using (var first = await OrchestrationCluster.StartAsync(slotsPerSilo: 2, sqlitePath: database))
        {
            var id = (await first.Sweeps.SubmitAsync(spec)).SweepId;
            await first.WaitUntilFinishedAsync(id);
        }
        await using var second = await OrchestrationCluster.StartAsync(slotsPerSilo: 2, sqlitePath: database);
        var again = await second.Sweeps.SubmitAsync(spec);
        var done = await second.WaitUntilFinishedAsync(again.SweepId);

        Assert.False(again.Created);
        Assert.Equal(4, done.Completed);
        Assert.Equal(0, second.Log.TotalTrainings);
        Assert.Single(await second.Sweeps.ListAsync());
    }
}
