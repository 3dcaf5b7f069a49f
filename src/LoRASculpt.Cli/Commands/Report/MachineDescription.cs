using System.Runtime.InteropServices;

namespace LoRASculpt.Cli.Commands.Report;

/// <summary>What a report says about the machine it ran on, read from Linux's /proc where it can be.</summary>
internal static class MachineDescription
{
    private const string Unknown = "unknown";

    /// <summary>The CPU's model name from /proc/cpuinfo, or the architecture where that file is missing.</summary>
    public static string Cpu()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).Where(l => l.StartsWith("model name", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The 1, 5 and 15 minute load averages ("3.10 2.05 1.20"), or "unknown" off Linux.</summary>
    public static string LoadAverage()
    {
        const string loadAvg = "/proc/loadavg";
        return File.Exists(loadAvg) ? string.Join(' ', File.ReadAllText(loadAvg).Split(' ').Take(3)) : Unknown;
    }

    public static string OperatingSystem() => RuntimeInformation.OSDescription;
}
