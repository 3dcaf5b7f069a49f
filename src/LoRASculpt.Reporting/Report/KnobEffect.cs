using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Reporting.Report;

/// <summary>
/// Whether an ablated knob moves a score by more than the seeds do: of the section's grid points, the two whose means
/// differ most, that difference, and the larger of their two standard deviations. The knob moves the score when the
/// difference exceeds that spread (<see cref="Rule"/>).
/// </summary>
public sealed record KnobEffect(ResultMetric Metric, ReplicateGroup Low, ReplicateGroup High, double Difference, double Spread)
{
    public const string Rule =
        "a knob moves a score when, of its grid points, the two with the most different means differ by more than the larger of those two points' standard deviations over seeds";

    public bool Moves => Difference > Spread;

    /// <summary>The largest difference of means between two scored points, or null with fewer than two.</summary>
    public static KnobEffect? Largest(IReadOnlyList<ReplicateGroup> groups, ResultMetric metric)
    {
        var scored = groups.Where(g => g.Score(metric) is { } s && double.IsFinite(s.Mean)).ToArray();
        if (scored.Length < 2)
        {
            return null;
        }

        // The lowest and the highest mean are the pair that differs most; ties keep plan order.
        var low = scored.MinBy(g => g.Score(metric)!.Value.Mean)!;
        var high = scored.MaxBy(g => g.Score(metric)!.Value.Mean)!;
        var l = low.Score(metric)!.Value;
        var h = high.Score(metric)!.Value;
        return new KnobEffect(metric, low, high, h.Mean - l.Mean, Math.Max(l.Std, h.Std));
    }
}
