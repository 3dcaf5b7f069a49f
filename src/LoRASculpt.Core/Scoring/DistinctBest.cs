namespace LoRASculpt.Core.Scoring;

/// <summary>
/// Which of several grid points is the best by a replicated score, if any is distinctly so. With several seeds a
/// point is marked best only when its mean beats the runner-up's by more than the larger of the two standard
/// deviations: a smaller difference is within seed-to-seed noise and marking it would present noise as a result.
/// With one seed per point (no spread to compare against) the highest score wins and a tie goes to the first.
/// </summary>
public static class DistinctBest
{
    /// <returns>The index of the best point, or null when there is none or it is not distinct.</returns>
    public static int? Find(IReadOnlyList<ReplicateStatistics> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return null;
        }

        var best = 0;
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].Mean > points[best].Mean)
            {
                best = i;
            }
        }

        if (points.Count == 1 || points.All(p => p.N == 1))
        {
            return best;
        }

        var runnerUp = Enumerable.Range(0, points.Count).Where(i => i != best).MaxBy(i => points[i].Mean);
        var spread = Math.Max(points[best].Std, points[runnerUp].Std);
        return points[best].Mean - points[runnerUp].Mean > spread ? best : null;
    }
}
