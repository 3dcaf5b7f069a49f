using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Trials;

/// <summary>
/// The forgetting curve a trial stores: points in step order, at most <see cref="MaxPoints"/> of them so the trial's
/// state stays small. Past the cap every second point is dropped (the first and the newest kept): the curve keeps
/// its whole span at half the resolution, and later points are still taken.
/// </summary>
public static class ForgettingCurve
{
    public const int MaxPoints = 200;

    /// <summary>
    /// Adds the points after the newest stored step. Earlier steps are already known: a resumed run re-measures the steps
    /// between its checkpoint and the failure, and measuring is deterministic. Returns whether anything was added.
    /// </summary>
    public static bool Merge(List<CurvePoint> stored, IEnumerable<CurvePoint> incoming)
    {
        var added = false;
        foreach (var point in incoming.OrderBy(p => p.Step))
        {
            if (stored.Count > 0 && point.Step <= stored[^1].Step)
                continue;
            stored.Add(point);
            added = true;
            if (stored.Count > MaxPoints)
                Thin(stored);
        }
        return added;
    }

    private static void Thin(List<CurvePoint> stored)
    {
        var newest = stored[^1];
        var kept = stored.Where((_, i) => i % 2 == 0).ToList();
        if (kept[^1] != newest) kept.Add(newest);
        stored.Clear();
        stored.AddRange(kept);
    }
}
