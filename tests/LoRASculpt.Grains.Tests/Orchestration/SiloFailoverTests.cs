using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Tests.Support;

namespace LoRASculpt.Grains.Tests.Orchestration;

/// <summary>Silos die and come back mid-sweep; the sweep still records every trial once, and completely.</summary>
public sealed class SiloFailoverTests
{
    private static void FastFailover(OrchestrationOptions o)
    {
        o.LeaseDuration = TimeSpan.FromSeconds(4);
        o.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        o.ResumeSweepsOnStartup = true;
        o.ReconcileInterval = TimeSpan.FromSeconds(1);
        o.MaxAttempts = 5;
    }

    [Fact]
    public async Task Killing_silos_and_restarting_one_mid_sweep_completes_every_trial_exactly_once()
    {
        using var directory = new TempDirectory();
        var spec = SyntheticSweeps.Seeds("failover", count: 36, durationMs: 250, evalShards: 2);
        await using var cluster = await OrchestrationCluster.StartAsync(
            silos: 4, slotsPerSilo: 2, sqlitePath: Path.Combine(directory.Path, "state.db"),
            orchestration: FastFailover, productionGrainDirectory: true);

        var sweepId = (await cluster.Sweeps.SubmitAsync(spec)).SweepId;
        await cluster.WaitForAsync(sweepId, s => s.Completed >= 6);
        // Two secondary silos die at once (the first keeps the test cluster's membership); one comes back.
        var victims = cluster.Cluster.Silos.Skip(1).Take(2).ToArray();
        foreach (var victim in victims)
            await cluster.Cluster.KillSiloAsync(victim);
        await cluster.Cluster.StartAdditionalSiloAsync();

        var done = await cluster.WaitUntilFinishedAsync(sweepId, TimeSpan.FromMinutes(2));
        var results = (await cluster.Sweeps.GetResultsAsync(sweepId))!;

        Assert.Equal((SweepState.Completed, 36, 0), (done.State, done.Completed, done.Failed));
        Assert.Equal(36, results.Rows.Select(r => r.TrialId).Distinct().Count());
        Assert.All(results.Rows, row =>
        {
            Assert.Equal(TrialStatus.Completed, row.Status);
            Assert.NotNull(row.Result);
            Assert.InRange(cluster.Log.Trainings(row.TrialId), 1, 5);
        });
    }

    [Fact]
    public async Task After_a_full_cluster_restart_a_running_sweep_continues_by_itself()
    {
        using var directory = new TempDirectory();
        var database = Path.Combine(directory.Path, "state.db");
        var spec = SyntheticSweeps.Seeds("restart", count: 10, durationMs: 100);

        string sweepId;
        await using (var first = await OrchestrationCluster.StartAsync(silos: 2, slotsPerSilo: 1, sqlitePath: database, orchestration: FastFailover))
        {
            sweepId = (await first.Sweeps.SubmitAsync(spec)).SweepId;
            await first.WaitForAsync(sweepId, s => s.Completed >= 3);
            // Trainings that start from now on block until the silos stop, so work is left for the restart.
            first.Log.Gate.Reset();
        }

        await using var second = await OrchestrationCluster.StartAsync(silos: 2, slotsPerSilo: 1, sqlitePath: database, orchestration: FastFailover);
        var done = await second.WaitUntilFinishedAsync(sweepId);

        Assert.Equal((SweepState.Completed, 10), (done.State, done.Completed));
        Assert.InRange(second.Log.TotalTrainings, 1, 10);
    }
}
