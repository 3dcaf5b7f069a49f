using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Sweeps.Synthetic;

namespace LoRASculpt.Grains.Tests.Support;

/// <summary>The synthetic executor, recording every job it runs in the cluster's <see cref="ExecutionLog"/>.</summary>
public sealed class CountingSyntheticExecutorFactory(ExecutionLog log) : IJobExecutorFactory
{
    public IReadOnlyCollection<string> Kinds { get; } = [SyntheticTrialParameters.Kind];

    public string SuiteVersion(string executorKind) => SyntheticJobExecutor.SuiteVersion;

    public IJobExecutor Create(string executorKind, WorkerInfo worker) => new Executor(log, worker.WorkerId);

    private sealed class Executor(ExecutionLog log, string workerId) : IJobExecutor
    {
        private readonly SyntheticJobExecutor _inner = new();

        public TrainingOutcome Train(TrainingJob job, IProgress<JobProgress> progress, CancellationToken cancellationToken)
        {
            using var _ = log.Begin(workerId);
            log.Trained(job.TrialId);
            try
            {
                log.Gate.Wait(cancellationToken);
                return _inner.Train(job, progress, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                log.TrainingCancelled(job.TrialId);
                throw;
            }
        }

        public EvalShardOutcome EvaluateShard(EvalShardJob job, CancellationToken cancellationToken)
        {
            using var _ = log.Begin(workerId);
            log.Evaluated();
            return _inner.EvaluateShard(job, cancellationToken);
        }

        public void Dispose() => _inner.Dispose();
    }
}
