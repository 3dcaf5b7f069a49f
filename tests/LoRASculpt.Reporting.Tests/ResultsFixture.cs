using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Reporting.Tests;

/// <summary>A small quickstart-like results table: LoRA, three LoRASculpt alphas (one failed), one still queued.</summary>
internal static class ResultsFixture
{
    public static SweepResults Build()
    {
        SweepResultRow[] rows =
        [
            Row("t-0000000000000001", "lora", [], Result(50.125, 90.5)),
            Row("t-0000000000000002", "lorasculpt", [("alpha", "0.0001")], Result(60.0, 88.25)),
            Row("t-0000000000000003", "lorasculpt", [("alpha", "0.001")], Result(62.5, 80.0)),
            Row("t-0000000000000004", "lorasculpt", [("alpha", "0.01")], null, TrialStatus.Failed, "out of memory, \"twice\""),
            Row("t-0000000000000005", "lorasculpt", [("alpha", "1E-05")], Result(61.0, 86.0)),
        ];
        return Reporting(rows);
    }

    public static SweepResults Reporting(SweepResultRow[] rows) =>
        new("s-abcdefabcdef", "quickstart", SweepState.Completed, ["alpha"], [.. rows],
            ResultsReport.Best(rows, ResultMetric.Avg),
            ResultsReport.Best(rows, ResultMetric.Source),
            ResultsReport.Best(rows, ResultMetric.Target));

    public static SweepResultRow Row(string id, string method, (string, string)[] swept, TrialResult? result,
        TrialStatus status = TrialStatus.Completed, string? reason = null) =>
        new(id, method, swept.ToImmutableSortedDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal), status,
            status == TrialStatus.Queued ? 0 : 1, result, reason);

    /// <summary>Source is the mean of two source tasks (source +- 1), Avg the mean of Source and Target.</summary>
    public static TrialResult Result(double source, double target) => new(
        [
            new TaskScore("shape-vqa", "vqa_accuracy", source + 1, false, 200),
            new TaskScore("text-ocr", "exact_match", source - 1, false, 200),
            new TaskScore("icon-mc", "exact_match", target, true, 200),
        ],
        source, target, (source + target) / 2,
        new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 12.5, 100, 100, ImmutableSortedDictionary<string, string>.Empty),
        TimeSpan.FromSeconds(61.25), TimeSpan.FromSeconds(7.5), "adapters/x", "bench-v1");
}
