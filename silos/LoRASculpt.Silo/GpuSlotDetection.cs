using Microsoft.Extensions.Configuration;
using static TorchSharp.torch;

namespace LoRASculpt.Silo;

/// <summary>
/// Fills Cluster:GpuSlots with the number of CUDA devices TorchSharp sees, unless it is configured
/// (set it to 0 to keep a GPU machine on CPU slots). The CPU build of libtorch reports none.
/// </summary>
internal static class GpuSlotDetection
{
    private const string Key = "Cluster:GpuSlots";

    public static void Apply(IConfigurationManager configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[Key]))
            return;
        configuration[Key] = CudaDeviceCount().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static int CudaDeviceCount() => cuda.is_available() ? cuda.device_count() : 0;
}
