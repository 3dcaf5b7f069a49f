namespace LoRASculpt.Sweeps;

/// <summary>The values of a sweep's <c>trial_kind</c>.</summary>
public static class ExecutorKinds
{
    /// <summary>Real fine-tuning and evaluation with TorchSharp.</summary>
    public const string Torch = "torch";

    /// <summary>Trials that only wait (see <see cref="Synthetic.SyntheticTrialParameters"/>): orchestration benchmarks and tests.</summary>
    public const string Synthetic = "synthetic";

    public static IReadOnlyList<string> All { get; } = [Torch, Synthetic];
}
