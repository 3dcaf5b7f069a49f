using System.Diagnostics;
using LoRASculpt.Training.Finetuning;

namespace LoRASculpt.Benchmarks.RealModels;

/// <summary>
/// Per-step wall times of a fine-tuning run from the trainer's progress reports, which it makes synchronously right
/// after each optimizer step: step s took the time between reports s-1 and s. Step 0's interval also covers the
/// trainer's setup (optimizer, CMR importance maps), so it is reported apart.
/// </summary>
internal sealed class StepTimer : IProgress<TrainProgress>
{
    private readonly Stopwatch clock = new();
    private readonly List<double> reportedAtMs = [];

    public double LastLoss { get; private set; }

    /// <summary>Call right before the trainer's Run.</summary>
    public void Start()
    {
        reportedAtMs.Clear();
        clock.Restart();
    }

    public void Report(TrainProgress value)
    {
        reportedAtMs.Add(clock.Elapsed.TotalMilliseconds);
        LastLoss = value.Loss;
    }

    /// <summary>Setup plus the first step.</summary>
    public double FirstStepMilliseconds => reportedAtMs.Count > 0 ? reportedAtMs[0] : double.NaN;

    /// <summary>The wall time of each step after <paramref name="afterStep"/> (0-based step indices).</summary>
    public IReadOnlyList<double> StepMilliseconds(int afterStep) =>
        Enumerable.Range(Math.Max(1, afterStep + 1), Math.Max(0, reportedAtMs.Count - Math.Max(1, afterStep + 1)))
            .Select(s => reportedAtMs[s] - reportedAtMs[s - 1])
            .ToList();
}
