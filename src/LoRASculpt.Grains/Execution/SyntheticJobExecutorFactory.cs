using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Sweeps.Synthetic;

namespace LoRASculpt.Grains.Execution;

/// <summary>Serves trial kind "synthetic": trials that only wait, for benchmarks and tests (no torch).</summary>
public sealed class SyntheticJobExecutorFactory : IJobExecutorFactory
{
    public IReadOnlyCollection<string> Kinds { get; } = [SyntheticTrialParameters.Kind];

    public string SuiteVersion(string executorKind) => SyntheticJobExecutor.SuiteVersion;

    public IJobExecutor Create(string executorKind, WorkerInfo worker) => new SyntheticJobExecutor();
}
