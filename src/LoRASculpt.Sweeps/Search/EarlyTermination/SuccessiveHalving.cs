namespace LoRASculpt.Sweeps.Search.EarlyTermination;

/// <summary>
/// The asynchronous successive-halving rule at one rung, as Ray Tune's ASHA and W&amp;B's hyperband apply it: a trial
/// reaching the rung continues when its value (higher is better) is at least the (1 - 1/eta) quantile of the values
/// recorded at that rung before it; otherwise it stops. The first trial at a rung always continues (it has no company
/// yet: asynchronous, nobody waits for a full bracket). Ties continue. The quantile interpolates linearly between
/// order statistics (numpy's default). A value that is not finite (a diverged run) is below every cutoff; values that
/// are not finite take no part in a cutoff.
/// </summary>
public static class SuccessiveHalving
{
    /// <summary>The (1 - 1/eta) quantile of the finite <paramref name="earlier"/> values, or null when there are none.</summary>
    public static double? Cutoff(IEnumerable<double> earlier, int eta)
    {
        var sorted = earlier.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var position = (sorted.Length - 1) * (1.0 - 1.0 / eta);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>Whether a trial with <paramref name="value"/> continues past a rung whose earlier values give <paramref name="cutoff"/>.</summary>
    public static bool Continues(double value, double? cutoff) =>
        cutoff is not { } threshold || (double.IsFinite(value) && value >= threshold);
}
