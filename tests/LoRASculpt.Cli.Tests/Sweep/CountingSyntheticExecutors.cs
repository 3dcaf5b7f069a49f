using System.Collections.Concurrent;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Execution;

namespace LoRASculpt.Cli.Tests.Sweep;

/// <summary>
/// The synthetic executor with counts of started and completed trainings per trial id, shared across every host a
/// test starts, and an optional callback after each completed training (to interrupt a run at a known point).
/// </summary>
internal sealed class CountingSyntheticExecutors : IJobExecutorFactory
{
    public ConcurrentDictionary<string, int> Started { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Completed { get; } = new(StringComparer.Ordinal);

    public Action<int>? AfterTrainingCompleted { get; set; }

    public IReadOnlyCollection<string> Kinds { get; } = ["synthetic"];

    public string SuiteVersion(string executorKind) => SyntheticJobExecutor.SuiteVersion;

    public int CompletedTotal => Completed.Values.Sum();

    public IJobExecutor Create(string executorKind, WorkerInfo worker) => new Counting(this, new SyntheticJobExecutor());

    private sealed class Counting(CountingSyntheticExecutors owner, SyntheticJobExecutor inner) : IJobExecutor
    {
        public TrainingOutcome Train(TrainingJob job, IProgress<JobProgress> progress, CancellationToken cancellationToken)
        {
            owner.Started.AddOrUpdate(job.TrialId, 1, (_, n) => n + 1);
            var outcome = inner.Train(job, progress, cancellationToken);
            owner.Completed.AddOrUpdate(job.TrialId, 1, (_, n) => n + 1);
            owner.AfterTrainingCompleted?.Invoke(owner.CompletedTotal);
            return outcome;
        }

        public EvalShardOutcome EvaluateShard(EvalShardJob job, CancellationToken cancellationToken) => inner.EvaluateShard(job, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
