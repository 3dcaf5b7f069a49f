using System.Collections.Concurrent;

namespace LoRASculpt.Grains.Tests.Support;

/// <summary>What the executors of one test cluster actually ran: counts per trial, start order, concurrency per worker.</summary>
public sealed class ExecutionLog
{
    private readonly ConcurrentDictionary<string, int> _trainings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _trainingStarts = new();
    private readonly ConcurrentQueue<string> _cancelledTrainings = new();
    private int _evaluations;
    private int _maxPerWorker;

    /// <summary>Closed gate: training jobs wait at their start until the test opens it.</summary>
    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    public int Trainings(string trialId) => _trainings.GetValueOrDefault(trialId);

    public int TotalTrainings => _trainings.Values.Sum();

    public int Evaluations => Volatile.Read(ref _evaluations);

    public int MaxConcurrentJobsPerWorker => Volatile.Read(ref _maxPerWorker);

    public IReadOnlyList<string> TrainingStarts => [.. _trainingStarts];

    /// <summary>Trials whose training job ended by cancellation (a cancel or an early stop freed its worker).</summary>
    public IReadOnlyList<string> CancelledTrainings => [.. _cancelledTrainings];

    public void TrainingCancelled(string trialId) => _cancelledTrainings.Enqueue(trialId);

    public IDisposable Begin(string workerId)
    {
        var now = _running.AddOrUpdate(workerId, 1, (_, n) => n + 1);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxPerWorker)) && Interlocked.CompareExchange(ref _maxPerWorker, now, seen) != seen)
        {
        }
        return new End(() => _running.AddOrUpdate(workerId, 0, (_, n) => n - 1));
    }

    public void Trained(string trialId)
    {
        _trainings.AddOrUpdate(trialId, 1, (_, n) => n + 1);
        _trainingStarts.Enqueue(trialId);
    }

    public void Evaluated() => Interlocked.Increment(ref _evaluations);

    private sealed class End(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
