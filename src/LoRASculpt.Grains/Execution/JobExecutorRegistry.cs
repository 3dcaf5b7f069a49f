using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Grains.Execution;

/// <summary>Maps each trial kind to the one registered <see cref="IJobExecutorFactory"/> that serves it.</summary>
public sealed class JobExecutorRegistry
{
    private readonly Dictionary<string, IJobExecutorFactory> _byKind = new(StringComparer.Ordinal);

    public JobExecutorRegistry(IEnumerable<IJobExecutorFactory> factories)
    {
        foreach (var factory in factories)
        {
            foreach (var kind in factory.Kinds)
            {
                if (!_byKind.TryAdd(kind, factory))
                    throw new InvalidOperationException($"Trial kind '{kind}' has two executor factories: {_byKind[kind].GetType().Name} and {factory.GetType().Name}.");
            }
        }
    }

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    public IJobExecutor Create(string executorKind, WorkerInfo worker) =>
        _byKind.TryGetValue(executorKind, out var factory)
            ? factory.Create(executorKind, worker)
            : throw new JobFailedException(JobFailureKind.Deterministic, $"No executor for trial kind '{executorKind}' on worker {worker.WorkerId}.");

    /// <summary>The suite version the executor of <paramref name="executorKind"/> scores on now.</summary>
    /// <exception cref="InvalidOperationException">No factory on this silo serves the kind.</exception>
    public string SuiteVersion(string executorKind) =>
        _byKind.TryGetValue(executorKind, out var factory)
            ? factory.SuiteVersion(executorKind)
            : throw new InvalidOperationException($"No executor for trial kind '{executorKind}' is registered on this silo, so its current suite version is unknown (set Reevaluation:SuiteVersions:{executorKind}).");

    /// <summary>Every factory checks that it can use <paramref name="device"/>; the first that cannot throws.</summary>
    public void CheckDevice(string device)
    {
        foreach (var factory in _byKind.Values.Distinct())
            factory.CheckDevice(device);
    }
}
