using System.Diagnostics.Metrics;
using LoRASculpt.Grains.Telemetry;
using LoRASculpt.Grains.Tests.Support;

namespace LoRASculpt.Grains.Tests.Telemetry;

/// <summary>The queued/running trial gauges follow a sweep on a two-silo cluster: non-zero while it runs, zero after.</summary>
public sealed class TrialLoadGaugeTests
{
    private sealed class GaugeReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _clusterId;

        public GaugeReader(string clusterId)
        {
            _clusterId = clusterId;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LoRASculptTelemetry.Name && instrument.Name is LoRASculptMetrics.TrialsQueuedName or LoRASculptMetrics.TrialsRunningName)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                // Other test classes run clusters in this process at the same time: keep this cluster's values only.
                foreach (var tag in tags)
                {
                    if (tag.Key != LoRASculptMetrics.ClusterTag || (string?)tag.Value != _clusterId)
                        continue;
                    if (instrument.Name == LoRASculptMetrics.TrialsQueuedName)
                        Queued = value;
                    else
                        Running = value;
                }
            });
            _listener.Start();
        }

        public long? Queued { get; private set; }

        public long? Running { get; private set; }

        public (long? Queued, long? Running) Read()
        {
            Queued = Running = null;
            _listener.RecordObservableInstruments();
            return (Queued, Running);
        }

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task Queued_and_running_trials_are_reported_while_a_sweep_runs_and_are_zero_after_it()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(silos: 2, slotsPerSilo: 1);
        using var gauges = new GaugeReader(cluster.Cluster.Options.ClusterId);

        var submission = await cluster.Sweeps.SubmitAsync(SyntheticSweeps.Seeds("gauged", count: 6, durationMs: 300, evalShards: 2));
        var observations = new List<(long Queued, long Running)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!observations.Any(o => o is { Queued: > 0, Running: > 0 }) && DateTime.UtcNow < deadline)
        {
            // Null until the scheduler grain is active and reporting.
            if (gauges.Read() is (long queued, long running))
                observations.Add((queued, running));
            await Task.Delay(10);
        }
        await cluster.WaitUntilFinishedAsync(submission.SweepId);
        var after = gauges.Read();
        for (var end = DateTime.UtcNow + TimeSpan.FromSeconds(30); after != (0L, 0L) && DateTime.UtcNow < end; after = gauges.Read())
            await Task.Delay(10);

        Assert.Contains(observations, o => o is { Queued: > 0, Running: > 0 });
        // Two worker slots in the cluster: never more than two trials run; six trials in all.
        Assert.All(observations, o => Assert.InRange(o.Running, 0, 2));
        Assert.All(observations, o => Assert.InRange(o.Queued + o.Running, 0, 6));
        Assert.Equal((0L, 0L), after);
    }
}
