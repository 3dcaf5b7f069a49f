using System.Globalization;
using LoRASculpt.Core.Settings;

namespace LoRASculpt.Sweeps.Synthetic;

/// <summary>
/// Parameters that only trials of kind "synthetic" accept. A synthetic trial trains nothing: it waits
/// <c>duration_ms</c> and reports a deterministic result, so the orchestrator's own overhead can be measured
/// (and failure handling tested) without torch.
/// </summary>
public static class SyntheticTrialParameters
{
    public const string Kind = ExecutorKinds.Synthetic;
    public const string DurationMs = "duration_ms";
    public const string FailAttempts = "fail_attempts";
    /// <summary>Not eval_every: a sweep file's synthetic parameters are told from training ones by name.</summary>
    public const string CurveEvery = "curve_every";

    public static IReadOnlyList<ParameterSpec> All { get; } =
    [
        new(DurationMs, ParameterType.Int, "100", "How long the synthetic trial waits, in milliseconds.",
            [], 0, false, 3_600_000, false, []),
        new(FailAttempts, ParameterType.Int, "0", "The first N attempts of the trial fail (to exercise retries); 0 = never fails.",
            [], 0, false, 1000, false, []),
        new(CurveEvery, ParameterType.Int, "0", "Report a synthetic forgetting-curve point every N steps (a step is a 250 ms slice of the wait); 0 = none.",
            [], 0, false, 1_000_000, false, []),
    ];

    public static ParameterSpec? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>The wait of a synthetic trial from its hyperparameters (the default when absent).</summary>
    public static TimeSpan Duration(IReadOnlyDictionary<string, string> hyperparameters) =>
        TimeSpan.FromMilliseconds(ReadInt(hyperparameters, DurationMs));

    /// <summary>How many leading attempts of a synthetic trial fail.</summary>
    public static int FailingAttempts(IReadOnlyDictionary<string, string> hyperparameters) =>
        ReadInt(hyperparameters, FailAttempts);

    /// <summary>Steps between a synthetic trial's curve points (0 = none).</summary>
    public static int CurveInterval(IReadOnlyDictionary<string, string> hyperparameters) =>
        ReadInt(hyperparameters, CurveEvery);

    /// <summary>Canonical integer text within the spec's bounds, or an error message.</summary>
    public static bool TryCanonicalize(string name, string raw, out string canonical, out string error)
    {
        canonical = "";
        error = "";
        var spec = Find(name) ?? throw new ArgumentException($"'{name}' is not a synthetic trial parameter.", nameof(name));
        if (!long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{raw}' is not a whole number";
            return false;
        }

        if (value < spec.Min || value > spec.Max)
        {
            error = $"{value.ToString(CultureInfo.InvariantCulture)} is out of range {spec.RangeText}";
            return false;
        }

        canonical = value.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    private static int ReadInt(IReadOnlyDictionary<string, string> hyperparameters, string name) =>
        int.Parse(hyperparameters.TryGetValue(name, out var text) ? text : Find(name)!.Default, CultureInfo.InvariantCulture);
}
