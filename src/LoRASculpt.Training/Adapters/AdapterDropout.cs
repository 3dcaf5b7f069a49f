using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// Inverted dropout driven by the trial's own generator (not torch's global one), so a trial's
/// random stream can be checkpointed and restored exactly, independent of other threads.
/// </summary>
internal static class AdapterDropout
{
    public static Tensor Apply(Tensor input, double rate, bool training, Generator generator)
    {
        if (!training || rate <= 0) return input;
        var keep = 1.0 - rate;
        using var noise = torch.rand(input.shape, dtype: input.dtype, device: input.device, generator: generator);
        using var mask = noise.lt(keep);
        return input * mask / keep;
    }
}
