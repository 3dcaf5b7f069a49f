using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Devices;

/// <summary>
/// A worker slot's device ("cpu" or "cuda:N") as a torch device, and the start-up check that the build and the host
/// can really use it: a slot labelled cuda:0 on a CPU-only build must fail loudly, not train on the CPU.
/// </summary>
public static class TorchDevices
{
    /// <summary>Parses "cpu", "cuda" or "cuda:N"; anything else is an error naming the value.</summary>
    public static Device Parse(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var text = device.Trim().ToLowerInvariant();
        if (text == "cpu") return torch.CPU;
        if (text == "cuda") return new Device(DeviceType.CUDA, 0);
        if (text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), out var index) && index >= 0)
            return new Device(DeviceType.CUDA, index);
        throw new ArgumentException($"Device '{device}' is not 'cpu' or 'cuda:N'.", nameof(device));
    }

    /// <summary>Throws with what to do when <paramref name="device"/> cannot be used by this build on this host.</summary>
    public static void EnsureAvailable(string device)
    {
        // The CPU is always there; checking it must not load libtorch (a silo checks its slots while it starts).
        if (string.Equals(device?.Trim(), "cpu", StringComparison.OrdinalIgnoreCase)) return;
        var parsed = Parse(device!);
        if (parsed.type != DeviceType.CUDA) return;
        if (!torch.cuda.is_available())
            throw new InvalidOperationException(
                $"Device '{device}' needs CUDA, but {(HasCudaLibTorch() ? "this host reports no usable CUDA device (driver missing or no GPU)" : "this is the CPU build of libtorch")}. " +
                "Build with -p:TorchBackend=cuda on a machine with an NVIDIA driver, or configure CPU slots (Cluster:GpuSlots=0, Cluster:CpuSlots=N).");
        var count = torch.cuda.device_count();
        if (parsed.index >= count)
            throw new InvalidOperationException($"Device '{device}' does not exist: this host has {count} CUDA device(s) (cuda:0..cuda:{count - 1}).");
    }

    /// <summary>The CUDA build of libtorch ships libtorch_cuda.so next to the application.</summary>
    private static bool HasCudaLibTorch() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "libtorch_cuda*.so", SearchOption.AllDirectories).Any();
}
