namespace LoRASculpt.Core.Scoring;

/// <summary>
/// The Pareto front of points where both coordinates are maximised (e.g. Source against Target).
/// A point is dominated when another is at least as good in both coordinates and strictly better in
/// one; exact duplicates do not dominate each other, so all copies of a front point are on the front.
/// O(n log n): one sort, one sweep.
/// </summary>
public static class ParetoFront
{
    /// <summary>Indices of the non-dominated points, ordered by X ascending (so Y descends along the front).</summary>
    /// <exception cref="ArgumentException">When a coordinate is NaN.</exception>
    public static IReadOnlyList<int> Compute(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        for (var i = 0; i < points.Count; i++)
        {
            if (double.IsNaN(points[i].X) || double.IsNaN(points[i].Y))
            {
                throw new ArgumentException($"Point {i} has a NaN coordinate; the front of unordered values is undefined.", nameof(points));
            }
        }

        // Best first: X descending, Y descending within equal X, index for a stable order.
        var order = Enumerable.Range(0, points.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byX = points[b].X.CompareTo(points[a].X);
            if (byX != 0)
            {
                return byX;
            }

            var byY = points[b].Y.CompareTo(points[a].Y);
            return byY != 0 ? byY : a.CompareTo(b);
        });

        var front = new List<int>();
        var bestYOfGreaterX = double.NegativeInfinity;
        var start = 0;
        while (start < order.Length)
        {
            // One group of equal X: only its highest Y can survive, and only if it beats every point with a greater X.
            var end = start;
            while (end < order.Length && points[order[end]].X == points[order[start]].X)
            {
                end++;
            }

            var groupBestY = points[order[start]].Y;
            if (start == 0 || groupBestY > bestYOfGreaterX)
            {
                for (var k = start; k < end && points[order[k]].Y == groupBestY; k++)
                {
                    front.Add(order[k]);
                }
            }

            bestYOfGreaterX = Math.Max(bestYOfGreaterX, groupBestY);
            start = end;
        }

        front.Reverse();
        return front;
    }

    /// <summary>The non-dominated items by two maximised scores, ordered by <paramref name="x"/> ascending.</summary>
    public static IReadOnlyList<T> Compute<T>(IReadOnlyList<T> items, Func<T, double> x, Func<T, double> y)
    {
        ArgumentNullException.ThrowIfNull(items);
        var indices = Compute(items.Select(item => (x(item), y(item))).ToArray());
        return indices.Select(i => items[i]).ToArray();
    }
}
