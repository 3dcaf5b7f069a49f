using System.Runtime.InteropServices;
using TorchSharp;

namespace LoRASculpt.Benchmarks.RealModels;

/// <summary>What a CPU timing depends on: the CPU model, its core count, torch's thread count and the load at the start.</summary>
internal static class MachineFacts
{
    public static string Describe() =>
        $"machine: {CpuModel()}, nproc {Environment.ProcessorCount}, torch threads {torch.get_num_threads()}, " +
        $"load average {BenchmarkArgs.LoadAverage()}, {RuntimeInformation.OSDescription}";

    /// <summary>The first "model name" of /proc/cpuinfo (Linux), else the architecture.</summary>
    private static string CpuModel()
    {
        if (File.Exists("/proc/cpuinfo"))
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
