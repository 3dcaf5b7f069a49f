using System.Diagnostics;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Execution;

namespace LoRASculpt.Benchmarks.EarlyTermination;

/// <summary>
/// The torch executor factory, timing every job its executors run (training, cancelled or not, and eval shards):
/// the sum is the worker-seconds a sweep took, what early termination is meant to save.
/// </summary>
public sealed class WorkerTimeMeter(TorchJobExecutorFactory torch) : IJobExecutorFactory
{
    private long _ticks;

    public TimeSpan WorkerTime => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public IReadOnlyCollection<string> Kinds => torch.Kinds;

    public string SuiteVersion(string executorKind) => torch.SuiteVersion(executorKind);

    public void CheckDevice(string device) => torch.CheckDevice(device);

    public IJobExecutor Create(string executorKind, WorkerInfo worker) => new Timed(torch.Create(executorKind, worker), this);

    private void Add(TimeSpan elapsed) => Interlocked.Add(ref _ticks, elapsed.Ticks);

    private sealed class Timed(IJobExecutor inner, WorkerTimeMeter meter) : IJobExecutor
    {
        public TrainingOutcome Train(TrainingJob job, IProgress<JobProgress> progress, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                return inner.Train(job, progress, cancellationToken);
            }
            finally
            {
                meter.Add(clock.Elapsed);
            }
        }

        public EvalShardOutcome EvaluateShard(EvalShardJob job, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                return inner.EvaluateShard(job, cancellationToken);
            }
            finally
            {
                meter.Add(clock.Elapsed);
            }
        }

        public void Dispose() => inner.Dispose();
    }
}
