using System.Collections.Immutable;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Trials;

/// <summary>
/// What a stopped-early trial keeps as its result: its last forgetting-curve point's Source and Target (Avg their mean),
/// with no per-task scores and no adapter, since it was never fully evaluated. Tables mark it by its status.
/// </summary>
public static class StoppedEarlyResult
{
    public static TrialResult From(IReadOnlyList<CurvePoint> curve, TimeSpan trainingTime, string suiteVersion)
    {
        var last = curve.Count > 0 ? curve[^1] : new CurvePoint(0, double.NaN, double.NaN);
        var diagnostics = new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, last.Step,
            ImmutableSortedDictionary<string, string>.Empty.Add("stopped_early_at_step", last.Step.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new TrialResult([], last.Source, last.Target, (last.Source + last.Target) / 2, diagnostics, trainingTime, TimeSpan.Zero,
            AdapterKey: "", SuiteVersion: suiteVersion);
    }
}
