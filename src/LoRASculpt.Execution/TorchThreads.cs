using TorchSharp;

namespace LoRASculpt.Execution;

/// <summary>
/// Torch's intra-op thread pool is process-wide: n slots each running torch with every core would
/// oversubscribe the CPU n-fold, so each slot gets its share of the cores.
/// </summary>
public static class TorchThreads
{
    /// <summary>The configured count, or processor count / slots (at least 1).</summary>
    public static int For(int configured, int slots, int processors) =>
        configured > 0 ? configured : Math.Max(1, processors / Math.Max(1, slots));

    public static int Apply(int configured, int slots)
    {
        var threads = For(configured, slots, Environment.ProcessorCount);
        LoRASculpt.Training.TorchProcessSettings.Apply(); // before this first torch call loads libtorch
        torch.set_num_threads(threads);
        return threads;
    }
}
