using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

internal static class LoraInit
{
    /// <summary>
    /// kaiming_uniform_(a = sqrt(5)) on an (r x in) matrix, as PEFT initialises lora_A:
    /// gain = sqrt(2 / (1 + 5)), bound = gain * sqrt(3 / fan_in) = 1 / sqrt(fan_in).
    /// Drawn from the trial's generator so initialisation is reproducible per seed.
    /// </summary>
    public static Tensor KaimingUniformA(long rank, long inFeatures, Generator generator)
    {
        var bound = 1.0 / Math.Sqrt(inFeatures);
        using var u = torch.rand(new[] { rank, inFeatures }, generator: generator);
        return u.mul(2 * bound).sub_(bound);
    }
}
