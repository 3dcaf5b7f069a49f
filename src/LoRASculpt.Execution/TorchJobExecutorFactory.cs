using LoRASculpt.Contracts.Execution;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Training;
using LoRASculpt.Training.Devices;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Execution;

/// <summary>Serves trial kind "torch"; sets torch's process-wide thread count once for this silo's slot count.</summary>
public sealed class TorchJobExecutorFactory : IJobExecutorFactory
{
    public const string Kind = "torch";

    private readonly IArtifactStore _store;
    private readonly TorchJobExecutorOptions _options;
    private readonly Lazy<int> _threads;

    public TorchJobExecutorFactory(IArtifactStore store, IOptions<TorchJobExecutorOptions> options, IOptions<WorkerSlotOptions> slots)
    {
        _store = store;
        _options = options.Value;
        var slotCount = slots.Value.Devices().Count;
        _threads = new Lazy<int>(() => TorchThreads.Apply(_options.ThreadsPerProcess, slotCount));
    }

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    /// <summary>The built-in benchmark's version: what <see cref="TorchJobExecutor"/> scores a trial without a suite file on.</summary>
    public string SuiteVersion(string executorKind) => BenchmarkData.Version;

    /// <summary>Torch threads in use (set when the first executor is created).</summary>
    public int Threads => _threads.Value;

    public IJobExecutor Create(string executorKind, WorkerInfo worker)
    {
        if (executorKind != Kind)
            throw new JobFailedException(JobFailureKind.Deterministic, $"{nameof(TorchJobExecutorFactory)} serves '{Kind}', not '{executorKind}'.");
        _ = _threads.Value;
        return new TorchJobExecutor(_store, _options, worker.WorkerId, TorchDevices.Parse(worker.Device));
    }

    /// <summary>A slot on a device this build or host lacks fails the silo's start (never a silent CPU fallback).</summary>
    public void CheckDevice(string device) => TorchDevices.EnsureAvailable(device);
}
