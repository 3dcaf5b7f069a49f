using System.Diagnostics;
using LoRASculpt.Client;
using LoRASculpt.Cluster.Tests.Infrastructure;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Hosting;
using LoRASculpt.Sweeps.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LoRASculpt.Cluster.Tests.Failover;

/// <summary>
/// The cluster survives the loss of a silo: three silo processes on loopback share Azurite; a client
/// submits a sweep of real (tiny) torch trials; one silo is SIGKILLed while its workers train; the sweep still
/// completes with every trial recorded exactly once, and the killed silo's trials finished elsewhere from the
/// checkpoint they had uploaded to Blob storage, not from step 0.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class KillASiloTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Trials = 8;
    private const int Steps = 240;
    private const int CheckpointEvery = 10;

    [Fact]
    public async Task A_sweep_completes_exactly_once_per_trial_after_a_silo_is_killed_mid_run()
    {
        var serviceId = "failover-" + Guid.NewGuid().ToString("N")[..10];
        var work = Directory.CreateTempSubdirectory("lorasculpt-failover-").FullName;
        var silos = new List<SiloProcess>();
        try
        {
            await SiloProcess.StartClusterAsync(silos, azurite, serviceId, count: 3, cpuSlots: 2, work);

            using var client = await InProcessCluster.StartClient(new ClusterClientOptions
            {
                ServiceId = serviceId,
                ClusterId = "test",
                StorageConnectionString = azurite.ConnectionString,
                // A poll that reached the dying silo gives up quickly, so recovery is watched as it happens.
                ResponseTimeout = TimeSpan.FromSeconds(3),
            });
            var sweeps = client.Services.GetRequiredService<SweepClient>();
            var submission = await sweeps.SubmitAsync(Spec());
            Assert.True(submission.Created);

            // Wait until the victim's two worker slots are both training past a checkpoint, then SIGKILL it.
            var victim = silos[2];
            var victimTrials = await WaitForRunningTrialsOn(sweeps, submission.SweepId, victim.SiloPort, count: 2, minStep: 2 * CheckpointEvery);
            var killedAt = Stopwatch.StartNew();
            victim.Kill();
            output.WriteLine($"killed silo :{victim.SiloPort} running {string.Join(", ", victimTrials)}");

            // Watch until the sweep finishes, noting when each of the victim's trials runs on another silo.
            var rerunAt = await WatchRecovery(sweeps, submission.SweepId, victimTrials, victim.SiloPort, killedAt, TimeSpan.FromMinutes(3));
            var final = await Retry(() => sweeps.GetStatusAsync(submission.SweepId));
            output.WriteLine($"sweep finished {killedAt.Elapsed.TotalSeconds:F1} s after the kill; victim's trials running elsewhere after "
                + string.Join(", ", rerunAt.Select(kv => $"{kv.Key} {kv.Value.TotalSeconds:F1} s")));
            Assert.Equal(SweepState.Completed, final!.State);
            Assert.Equal(Trials, final.Completed);
            Assert.Equal(0, final.Failed);

            var results = await Retry(() => sweeps.GetResultsAsync(submission.SweepId));
            Assert.NotNull(results);
            Assert.Equal(Trials, results.Rows.Length);
            Assert.Equal(Trials, results.Rows.Select(r => r.TrialId).Distinct().Count());
            Assert.All(results.Rows, row =>
            {
                Assert.Equal(TrialStatus.Completed, row.Status);
                Assert.NotNull(row.Result);
            });
            // The killed silo's trials were not lost: each is completed although the silo that ran it is dead, so a
            // surviving silo finished it. Seeing the re-run in a poll is not guaranteed (status calls stall while the
            // cluster declares the dead silo, and a 3 s trial can start and finish in that window), so a sighting is
            // only checked to be on a survivor.
            Assert.All(victimTrials, id => Assert.Equal(TrialStatus.Completed, results.Rows.Single(r => r.TrialId == id).Status));
            Assert.All(rerunAt.Keys, id => Assert.Contains(id, victimTrials));
            // ...and not from scratch: the final run of each resumed from a checkpoint the dead silo had uploaded.
            Assert.All(victimTrials, id => Assert.InRange(results.Rows.Single(r => r.TrialId == id).Result!.ResumedFromStep, CheckpointEvery, Steps - 1));

            // The silos' leaderboards (Azure Tables) hold each trial once, with one score, whatever ran twice.
            var entries = await LeaderboardEntriesOf(new LeaderboardClient(client.Services.GetRequiredService<IClusterClient>()), submission.SweepId);
            Assert.Equal(results.Rows.Select(r => r.TrialId).Order(), entries.Select(e => e.EntryId).Order());
            Assert.All(entries, entry => Assert.Single(entry.History));
        }
        finally
        {
            foreach (var silo in silos)
                await silo.DisposeAsync();
            foreach (var silo in silos)
                output.WriteLine($"log of silo :{silo.SiloPort}: {silo.LogPath}");
        }
    }

    private static SweepSpec Spec()
    {
        var yaml = $$"""
            name: failover
            method: grid
            target: icon-mc
            methods: [lora]
            base_model: micro-llava
            sources: [shape-vqa]
            trial_kind: torch
            eval_shards: 2
            parameters:
              steps: {value: {{Steps}}}
              batch_size: {value: 4}
              train_samples: {value: 16}
              eval_samples: {value: 8}
              checkpoint_every: {value: {{CheckpointEvery}}}
              seed: {range: [0, {{Trials}}]}
            """;
        var parsed = SweepFileParser.Parse(yaml, "failover.yaml");
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        return parsed.Spec!;
    }

    private static async Task<string[]> WaitForRunningTrialsOn(SweepClient sweeps, string sweepId, int siloPort, int count, int minStep)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            var status = await Retry(() => sweeps.GetStatusAsync(sweepId));
            var onSilo = status!.Running
                .Where(t => t.Status == TrialStatus.Training && t.Progress is { } p && OnSilo(p.WorkerId, siloPort) && p.Step >= minStep)
                .Select(t => t.TrialId).ToArray();
            if (onSilo.Length >= count)
                return onSilo;
            Assert.False(status.IsFinished, "the sweep finished before the victim silo ran trials");
            await Task.Delay(100);
        }
        throw new TimeoutException($"silo :{siloPort} never ran {count} trials at once");
    }

    /// <summary>
    /// Polls until the sweep is finished; returns, for each of <paramref name="trialIds"/>, how long after the
    /// kill it was first seen running on a worker of another silo (a re-run, whatever its attempt number:
    /// when the scheduler died with the silo, the sweep's resume re-enqueues the same attempt).
    /// </summary>
    private async Task<Dictionary<string, TimeSpan>> WatchRecovery(
        SweepClient sweeps, string sweepId, string[] trialIds, int deadPort, Stopwatch sinceKill, TimeSpan limit)
    {
        var rerunAt = new Dictionary<string, TimeSpan>();
        var seen = "";
        while (sinceKill.Elapsed < limit)
        {
            var status = await Retry(() => sweeps.GetStatusAsync(sweepId));
            var now = string.Join("; ", status!.Running.Where(t => trialIds.Contains(t.TrialId))
                .Select(t => $"{t.TrialId} {t.Status} step {t.Progress?.Step} on {t.Progress?.WorkerId}"));
            if (now != seen)
                output.WriteLine($"{sinceKill.Elapsed.TotalSeconds:F1} s: {(now.Length == 0 ? "victim's trials not running" : now)}");
            seen = now;
            foreach (var trial in status.Running)
            {
                if (trialIds.Contains(trial.TrialId) && trial.Progress is { } p && !OnSilo(p.WorkerId, deadPort))
                    rerunAt.TryAdd(trial.TrialId, sinceKill.Elapsed);
            }
            if (status.IsFinished)
                return rerunAt;
            await Task.Delay(100);
        }
        throw new TimeoutException("the sweep did not finish after the silo was killed");
    }

    /// <summary>Entries are recorded as trials complete, just after the sweep sees them: poll until all are there.</summary>
    private static async Task<List<LeaderboardEntry>> LeaderboardEntriesOf(LeaderboardClient leaderboard, string sweepId)
    {
        var filter = LeaderboardFilter.None with { SweepId = sweepId };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var entries = new List<LeaderboardEntry>();
            await foreach (var entry in leaderboard.ExportAsync("micro-llava", "icon-mc", filter))
                entries.Add(entry);
            if (entries.Count >= Trials || deadline.Elapsed > TimeSpan.FromSeconds(30))
                return entries;
            await Task.Delay(200);
        }
    }

    /// <summary>Worker ids are "{silo address}/{slot}", the address being "127.0.0.1:{port}@{generation}".</summary>
    private static bool OnSilo(string workerId, int siloPort) => workerId.Contains($":{siloPort}@", StringComparison.Ordinal);

    /// <summary>Calls routed through the dead silo's gateway or to grains it hosted fail until the cluster notices.</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < 60 && e is not Xunit.Sdk.XunitException)
            {
                await Task.Delay(500);
            }
        }
    }
}
