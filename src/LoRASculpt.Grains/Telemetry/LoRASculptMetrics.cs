using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LoRASculpt.Grains.Telemetry;

/// <summary>
/// The product's instruments on <see cref="LoRASculptTelemetry.Meter"/>. Static so grains record with one call and no
/// DI plumbing; the meter costs nothing until a listener (an OpenTelemetry MeterProvider) subscribes.
/// </summary>
public static class LoRASculptMetrics
{
    private static readonly Meter Meter = LoRASculptTelemetry.Meter;

    public const string TrialsQueuedName = "lorasculpt.trials.queued";
    public const string TrialsRunningName = "lorasculpt.trials.running";
    public const string ClusterTag = "cluster";

    public static readonly Counter<long> TrialsCompleted = Meter.CreateCounter<long>("lorasculpt.trials.completed", "{trial}", "Trials that completed with a result.");

    public static readonly Counter<long> TrialsFailed = Meter.CreateCounter<long>("lorasculpt.trials.failed", "{trial}", "Trials that failed for good.");

    public static readonly Counter<long> TrialsStoppedEarly = Meter.CreateCounter<long>("lorasculpt.trials.stopped_early", "{trial}", "Trials stopped by their sweep's early termination (not failures).");

    public static readonly Histogram<double> TrainingSamplesPerSecond = Meter.CreateHistogram<double>("lorasculpt.training.samples_per_second", "{sample}/s", "Training throughput of a finished training job.");

    public static readonly Histogram<double> TrainingStepTime = Meter.CreateHistogram<double>("lorasculpt.training.step_time", "ms", "Mean optimiser step time of a finished training job.");

    public static readonly Histogram<double> EvalItemsPerSecond = Meter.CreateHistogram<double>("lorasculpt.eval.items_per_second", "{item}/s", "Evaluation throughput of one eval shard.");

    public static readonly Counter<long> EvalItems = Meter.CreateCounter<long>("lorasculpt.eval.items", "{item}", "Evaluated items.");

    public static readonly Counter<long> ReevaluationRuns = Meter.CreateCounter<long>("lorasculpt.reevaluation.runs", "{run}", "Re-evaluation runs started (tag trigger: cron|manual).");

    public static readonly Counter<long> ReevaluationsSkipped = Meter.CreateCounter<long>("lorasculpt.reevaluation.ticks_skipped", "{tick}", "Ticks or run-now requests that did not start a run (tag reason).");

    public static readonly Counter<long> EntriesReevaluated = Meter.CreateCounter<long>("lorasculpt.reevaluation.entries", "{entry}", "Leaderboard entries re-scored.");

    public static readonly Histogram<double> LeaderboardQueryLatency = Meter.CreateHistogram<double>("lorasculpt.leaderboard.query_latency", "ms", "Time the board index takes to answer a query (tag query: top|pareto|get).");

    public static readonly Counter<long> LeaderboardEntriesRecorded = Meter.CreateCounter<long>("lorasculpt.leaderboard.entries_recorded", "{entry}", "New leaderboard entries.");

    private static readonly ConcurrentDictionary<string, WorkerClock> Workers = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<TrialLoad, string> TrialLoads = new();

    static LoRASculptMetrics()
    {
        Meter.CreateObservableGauge("lorasculpt.worker.utilization", ObserveUtilisation, "1", "Busy time over wall time since the worker started, per worker.");
        // Gauges read from the one job scheduler activation of the cluster, not up/down counters summed over trial
        // grains: only the silo hosting the scheduler reports, so a dead silo leaves no stale partial sums behind.
        Meter.CreateObservableGauge(TrialsQueuedName, () => ObserveTrialLoad(load => load.QueuedTrials), "{trial}", "Trials with jobs waiting for a worker and none running (tag cluster).");
        Meter.CreateObservableGauge(TrialsRunningName, () => ObserveTrialLoad(load => load.RunningTrials), "{trial}", "Trials with a job on a worker: training or evaluating (tag cluster).");
    }

    /// <summary>Reports <paramref name="load"/> as the queued/running trials of <paramref name="clusterId"/> until disposed.</summary>
    public static IDisposable ReportTrialLoad(TrialLoad load, string clusterId)
    {
        TrialLoads[load] = clusterId;
        return new Unregistration(() => TrialLoads.TryRemove(load, out _));
    }

    /// <summary>The worker started (its wall clock begins).</summary>
    public static void WorkerStarted(string workerId) => Workers.GetOrAdd(workerId, _ => new WorkerClock());

    /// <summary>The worker spent <paramref name="busy"/> on a job.</summary>
    public static void WorkerBusy(string workerId, TimeSpan busy) => Workers.GetOrAdd(workerId, _ => new WorkerClock()).AddBusy(busy);

    public static void WorkerStopped(string workerId) => Workers.TryRemove(workerId, out _);

    /// <summary>Current utilisation of one worker (0-1), for tests and status output.</summary>
    public static double? Utilisation(string workerId) => Workers.TryGetValue(workerId, out var clock) ? clock.Utilisation : null;

    public static void TrainingFinished(double samplesPerSecond, double meanStepMilliseconds)
    {
        if (double.IsFinite(samplesPerSecond) && samplesPerSecond > 0)
            TrainingSamplesPerSecond.Record(samplesPerSecond);
        if (double.IsFinite(meanStepMilliseconds) && meanStepMilliseconds > 0)
            TrainingStepTime.Record(meanStepMilliseconds);
    }

    public static void EvalShardFinished(string dataset, int items, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("dataset", dataset);
        EvalItems.Add(items, tag);
        if (duration > TimeSpan.Zero)
            EvalItemsPerSecond.Record(items / duration.TotalSeconds, tag);
    }

    private static IEnumerable<Measurement<long>> ObserveTrialLoad(Func<TrialLoad, long> value)
    {
        foreach (var (load, clusterId) in TrialLoads)
            yield return new Measurement<long>(value(load), new KeyValuePair<string, object?>(ClusterTag, clusterId));
    }

    private sealed class Unregistration(Action unregister) : IDisposable
    {
        private Action? _unregister = unregister;

        public void Dispose() => Interlocked.Exchange(ref _unregister, null)?.Invoke();
    }

    private static IEnumerable<Measurement<double>> ObserveUtilisation()
    {
        foreach (var (workerId, clock) in Workers)
            yield return new Measurement<double>(clock.Utilisation, new KeyValuePair<string, object?>("worker", workerId));
    }

    private sealed class WorkerClock
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _busyTicks;

        public void AddBusy(TimeSpan busy) => Interlocked.Add(ref _busyTicks, busy.Ticks);

        public double Utilisation
        {
            get
            {
                var wall = Stopwatch.GetElapsedTime(_started);
                return wall <= TimeSpan.Zero ? 0 : Math.Clamp(Interlocked.Read(ref _busyTicks) / (double)wall.Ticks, 0, 1);
            }
        }
    }
}
