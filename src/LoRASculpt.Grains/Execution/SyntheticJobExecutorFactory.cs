using LoRASculpt.Contracts.Execution;
using LoRASculpt.Sweeps.Synthetic;

namespace LoRASculpt.Grains.Execution;

/// <summary>Serves trial kind "synthetic": trials that only wait, for benchmarks and tests (no torch).</summary>
public sealed class SyntheticJobExecutorFactory : IJobExecutorFactory
{
    public IReadOnlyCollection<string> TrialKinds { get; } = [SyntheticTrialParameters.Kind];

    public IJobExecutor Create(string trialKind, string workerId) => new SyntheticJobExecutor();
}
