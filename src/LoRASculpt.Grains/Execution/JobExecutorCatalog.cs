using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Grains.Execution;

/// <summary>Maps each trial kind to the one registered <see cref="IJobExecutorFactory"/> that serves it.</summary>
public sealed class JobExecutorCatalog
{
    private readonly Dictionary<string, IJobExecutorFactory> _byKind = new(StringComparer.Ordinal);

    public JobExecutorCatalog(IEnumerable<IJobExecutorFactory> factories)
    {
        foreach (var factory in factories)
        {
            foreach (var kind in factory.TrialKinds)
            {
                if (!_byKind.TryAdd(kind, factory))
                    throw new InvalidOperationException($"Trial kind '{kind}' has two executor factories: {_byKind[kind].GetType().Name} and {factory.GetType().Name}.");
            }
        }
    }

    public IReadOnlyCollection<string> TrialKinds => _byKind.Keys;

    public IJobExecutor Create(string trialKind, WorkerInfo worker) =>
        _byKind.TryGetValue(trialKind, out var factory)
            ? factory.Create(trialKind, worker)
            : throw new JobFailedException(JobFailureKind.Deterministic, $"No executor for trial kind '{trialKind}' on worker {worker.WorkerId}.");

    /// <summary>Every factory checks that it can use <paramref name="device"/>; the first that cannot throws.</summary>
    public void CheckDevice(string device)
    {
        foreach (var factory in _byKind.Values.Distinct())
            factory.CheckDevice(device);
    }
}
