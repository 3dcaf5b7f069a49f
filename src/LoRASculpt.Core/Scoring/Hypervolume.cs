namespace LoRASculpt.Core.Scoring;

/// <summary>
/// The area a set of points dominates in two maximised objectives, above a reference point (for Source/Target scores
/// on 0-100, the origin): the standard quality measure of a Pareto front, larger when the front is better or wider.
/// </summary>
public static class Hypervolume
{
    /// <exception cref="ArgumentException">When a coordinate is NaN.</exception>
    public static double Of2D(IReadOnlyList<(double X, double Y)> points, (double X, double Y) reference = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        var above = points.Where(p => p.X > reference.X && p.Y > reference.Y).ToArray();
        var area = 0.0;
        var floorY = reference.Y;
        // Highest X first: each point adds the strip between its Y and the best Y of the points right of it.
        foreach (var index in ParetoFront.Compute(above).Reverse())
        {
            var (x, y) = above[index];
            if (y > floorY)
            {
                area += (x - reference.X) * (y - floorY);
                floorY = y;
            }
        }

        return area;
    }
}
