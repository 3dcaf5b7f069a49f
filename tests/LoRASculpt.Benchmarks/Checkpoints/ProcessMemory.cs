using System.Globalization;

namespace LoRASculpt.Benchmarks.Checkpoints;

/// <summary>The process's resident set from /proc/self/status (Linux), in bytes, and a way to restart its high-water mark.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS: resident now.</summary>
    public static long ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;

    /// <summary>VmHWM: the resident set's high-water mark since start or the last <see cref="TryResetPeak"/>.</summary>
    public static long PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>
    /// Writing 5 to /proc/self/clear_refs (Linux 4.0+) sets VmHWM back to the current RSS, so a phase's peak can be measured
    /// after an earlier, larger one (here: generating the checkpoint). False where the kernel refuses it.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long StatusKilobytes(string field)
    {
        if (!File.Exists("/proc/self/status")) return -1;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        // "VmHWM:\t12345678 kB": the tab, not a space, separates a value of 8 or more digits from its name.
        return line is null ? -1 : long.Parse(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
