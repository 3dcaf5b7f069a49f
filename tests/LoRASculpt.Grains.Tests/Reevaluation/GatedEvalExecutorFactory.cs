using System.Collections.Concurrent;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Sweeps.Synthetic;

namespace LoRASculpt.Grains.Tests.Reevaluation;

/// <summary>
/// Counts every eval-shard job by id; while <see cref="Gate"/> is closed, evaluation waits at its start. Adapters in
/// <see cref="MissingAdapters"/> fail to load as the torch executor's do when the artifact store lacks them.
/// </summary>
public sealed class EvalLog
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    public IReadOnlyDictionary<string, int> Runs => _runs;

    public int Total => _runs.Values.Sum();

    public ConcurrentDictionary<string, bool> MissingAdapters { get; } = new(StringComparer.Ordinal);

    public void Ran(string jobId) => _runs.AddOrUpdate(jobId, 1, (_, n) => n + 1);
}

/// <summary>The synthetic executor (trial kind "synthetic") with evaluation counted and gated by the cluster's <see cref="EvalLog"/>.</summary>
public sealed class GatedEvalExecutorFactory(EvalLog log) : IJobExecutorFactory
{
    public IReadOnlyCollection<string> Kinds { get; } = [SyntheticTrialParameters.Kind];

    public string SuiteVersion(string executorKind) => SyntheticJobExecutor.SuiteVersion;

    public IJobExecutor Create(string executorKind, WorkerInfo worker) => new Executor(log);

    private sealed class Executor(EvalLog log) : IJobExecutor
    {
        private readonly SyntheticJobExecutor _inner = new();

        public TrainingOutcome Train(TrainingJob job, IProgress<JobProgress> progress, CancellationToken cancellationToken) =>
            _inner.Train(job, progress, cancellationToken);

        public EvalShardOutcome EvaluateShard(EvalShardJob job, CancellationToken cancellationToken)
        {
            log.Gate.Wait(cancellationToken);
            log.Ran(job.JobId);
            if (log.MissingAdapters.ContainsKey(job.AdapterKey))
                throw new FileNotFoundException($"Adapter '{job.AdapterKey}' of trial {job.TrialId} is not in the artifact store.");
            return _inner.EvaluateShard(job, cancellationToken);
        }

        public void Dispose() => _inner.Dispose();
    }
}
