using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Sweeps.Synthetic;

namespace LoRASculpt.Grains.Execution;

/// <summary>Serves trial kind "synthetic": trials that only wait, for benchmarks and tests (no torch).</summary>
public sealed class SyntheticJobExecutorFactory : IJobExecutorFactory
{
    public IReadOnlyCollection<string> TrialKinds { get; } = [SyntheticTrialParameters.Kind];

    public IJobExecutor Create(string trialKind, WorkerInfo worker) => new SyntheticJobExecutor();
}
