using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Contracts.Execution;

/// <summary>
/// Runs jobs for one worker slot. Methods are synchronous on purpose: the worker calls them
/// on a dedicated thread (TorchSharp dispose scopes are thread-local), never inside a grain call.
/// An executor may keep state across jobs (the loaded base model); it serves one job at a time.
/// </summary>
public interface IJobExecutor : IDisposable
{
    TrainingOutcome Train(TrainingJob job, IProgress<JobProgress> progress, CancellationToken cancellationToken);

    EvalShardOutcome EvaluateShard(EvalShardJob job, CancellationToken cancellationToken);
}

/// <summary>Creates the executor for a trial kind ("torch", "synthetic") on a worker slot.</summary>
public interface IJobExecutorFactory
{
    IReadOnlyCollection<string> Kinds { get; }

    /// <summary>
    /// The built-in evaluation suite version this factory's executors score <paramref name="executorKind"/> on now (what
    /// <see cref="EvalShardOutcome.SuiteVersion"/> says for a trial without a suite file): re-evaluation skips entries
    /// already scored on it.
    /// </summary>
    string SuiteVersion(string executorKind);

    /// <summary>An executor for one worker slot; it runs its jobs on the slot's device (<see cref="WorkerInfo.Device"/>).</summary>
    IJobExecutor Create(string executorKind, WorkerInfo worker);

    /// <summary>
    /// Called for every slot when the silo starts: throws, naming the device, when this factory cannot run jobs
    /// on it (e.g. "cuda:0" on a CPU-only build), so a misconfigured silo fails at once instead of training on the CPU.
    /// </summary>
    void CheckDevice(string device)
    {
    }
}

/// <summary>Why a job failed decides whether it is retried.</summary>
[GenerateSerializer]
public enum JobFailureKind
{
    /// <summary>Worker lost, storage timeout: retry with backoff.</summary>
    Transient = 0,
    /// <summary>NaN loss, invalid configuration, out of memory: retrying cannot help.</summary>
    Deterministic = 1,
}

/// <summary>Thrown by executors to say how a failure should be treated.</summary>
public sealed class JobFailedException(JobFailureKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public JobFailureKind Kind { get; } = kind;
}
