using System.Globalization;

namespace LoRASculpt.Benchmarks;

/// <summary>"--name value" arguments and the machine facts every benchmark prints next to its figures.</summary>
internal static class BenchmarkArgs
{
    public static string? Get(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Get(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The 1/5/15-minute load averages (Linux): figures taken under load are not comparable.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
