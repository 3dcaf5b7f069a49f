using LoRASculpt.Core.Benchmark;

namespace LoRASculpt.Core.Suites;

/// <summary>The metric names suite files use, and their <see cref="MetricKind"/>.</summary>
public static class SuiteMetricNames
{
    public const string ExactMatch = "exact_match";
    public const string VqaAccuracy = "vqa_accuracy";
    public const string CiderD = "cider_d";

    public static IReadOnlyList<string> All { get; } = [ExactMatch, VqaAccuracy, CiderD];

    public static bool TryParse(string name, out MetricKind metric)
    {
        switch (name)
        {
            case ExactMatch: metric = MetricKind.ExactMatch; return true;
            case VqaAccuracy: metric = MetricKind.VqaAccuracy; return true;
            case CiderD: metric = MetricKind.CiderD; return true;
            default: metric = default; return false;
        }
    }

    public static string NameOf(MetricKind metric) => metric switch
    {
        MetricKind.ExactMatch => ExactMatch,
        MetricKind.VqaAccuracy => VqaAccuracy,
        MetricKind.CiderD => CiderD,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };
}
