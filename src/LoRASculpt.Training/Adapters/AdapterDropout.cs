using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// Inverted dropout driven by the trial's own generator (not torch's global one), so a trial's
/// random stream can be checkpointed and restored exactly, independent of other threads. The generator is a CPU one:
/// the noise is drawn on the CPU and moved to the input's device, so a seed gives the same masks on every device.
/// </summary>
internal static class AdapterDropout
{
    public static Tensor Apply(Tensor input, double rate, bool training, Generator generator)
    {
        if (!training || rate <= 0) return input;
        var keep = 1.0 - rate;
        using var noise = torch.rand(input.shape, dtype: input.dtype, generator: generator);
        using var cpuMask = noise.lt(keep);
        using var mask = input.device.type == DeviceType.CPU ? cpuMask.alias() : cpuMask.to(input.device);
        return input * mask / keep;
    }
}
