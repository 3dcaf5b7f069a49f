using System.Globalization;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Contracts.Reevaluation;

[GenerateSerializer]
public enum ReevaluationSelectionKind
{
    /// <summary>The board's best <c>Count</c> entries by <c>Metric</c>.</summary>
    Top = 0,
    /// <summary>Entries whose current scoring is on a suite version older than <c>Version</c>.</summary>
    SuiteOlderThan = 1,
}

/// <summary>Which entries of a board a re-evaluation run picks. Text forms: <c>top:20:avg</c>, <c>suite-older-than:bench-v2</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record ReevaluationSelection(
    [property: Id(0)] ReevaluationSelectionKind Kind,
    [property: Id(1)] ResultMetric Metric,
    [property: Id(2)] int Count,
    [property: Id(3)] string? Version)
{
    public const int MaxCount = 1000;

    public static ReevaluationSelection Top(int count, ResultMetric metric) => new(ReevaluationSelectionKind.Top, metric, count, null);

    public static ReevaluationSelection SuiteOlderThan(string version) => new(ReevaluationSelectionKind.SuiteOlderThan, ResultMetric.Avg, MaxCount, version);

    public override string ToString() => Kind == ReevaluationSelectionKind.Top
        ? string.Create(CultureInfo.InvariantCulture, $"top:{Count}:{Metric.ToString().ToLowerInvariant()}")
        : $"suite-older-than:{Version}";

    /// <exception cref="FormatException">Naming what is wrong.</exception>
    public static ReevaluationSelection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        switch (parts[0].ToLowerInvariant())
        {
            case "top" when parts.Length is 2 or 3:
                if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > MaxCount)
                    throw new FormatException($"Selection '{text}': the count must be a whole number 1-{MaxCount}.");
                var metric = parts.Length == 3 ? ParseMetric(parts[2], text) : ResultMetric.Avg;
                return Top(count, metric);
            case "suite-older-than" when parts.Length == 2 && parts[1].Length > 0:
                return SuiteOlderThan(parts[1]);
            default:
                throw new FormatException($"Selection '{text}' is not 'top:N[:avg|source|target]' or 'suite-older-than:VERSION'.");
        }
    }

    private static ResultMetric ParseMetric(string value, string text) => value.ToLowerInvariant() switch
    {
        "avg" => ResultMetric.Avg,
        "source" => ResultMetric.Source,
        "target" => ResultMetric.Target,
        _ => throw new FormatException($"Selection '{text}': metric '{value}' is not avg, source or target."),
    };
}
