namespace LoRASculpt.Core.Sparsity;

/// <summary>
/// The paper's density results for C = B A with B (p x r) and A (r x q). "Density" is the fraction of
/// non-zero entries (the paper's "sparsity" s is this keep ratio).
/// </summary>
public static class SparsityTheory
{
    /// <summary>
    /// Theorem 3.1: with the non-zeros of A and B placed independently at random with densities
    /// <paramref name="densityA"/> and <paramref name="densityB"/>, E[density(BA)] = 1 - (1 - sA sB)^r
    /// (entry (i, j) of BA is zero unless some k has B_ik and A_kj both non-zero).
    /// Theorem D.1: with row/column-varying densities this is an upper bound.
    /// </summary>
    public static double ExpectedProductDensity(double densityA, double densityB, int rank)
    {
        RequireDensity(densityA, nameof(densityA));
        RequireDensity(densityB, nameof(densityB));
        RequirePositive(rank, nameof(rank));
        return 1.0 - Math.Pow(1.0 - densityA * densityB, rank);
    }

    /// <summary>
    /// Theorem 3.2: P(|density(BA) - E| &gt;= delta) &lt;= 2 exp(-2 delta^2 p q / (r (p + q))).
    /// With <paramref name="samples"/> &gt; 1 it bounds the mean density of that many independent products:
    /// the same bounded-differences argument over samples * r * (p + q) entries multiplies the exponent by samples.
    /// </summary>
    public static double DeviationBound(double delta, int p, int q, int rank, int samples = 1)
    {
        if (!(delta >= 0))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Deviation must be zero or more.");
        RequirePositive(p, nameof(p));
        RequirePositive(q, nameof(q));
        RequirePositive(rank, nameof(rank));
        RequirePositive(samples, nameof(samples));
        return 2.0 * Math.Exp(-2.0 * delta * delta * samples * ((double)p * q) / (rank * ((double)p + q)));
    }

    /// <summary>The delta at which <see cref="DeviationBound"/> equals <paramref name="probability"/> (Theorem 3.2 inverted).</summary>
    public static double DeviationAtProbability(double probability, int p, int q, int rank, int samples = 1)
    {
        if (!(probability > 0 && probability < 2))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Probability must be in (0, 2).");
        RequirePositive(p, nameof(p));
        RequirePositive(q, nameof(q));
        RequirePositive(rank, nameof(rank));
        RequirePositive(samples, nameof(samples));
        return Math.Sqrt(Math.Log(2.0 / probability) * rank * ((double)p + q) / (2.0 * samples * ((double)p * q)));
    }

    private static void RequireDensity(double density, string name)
    {
        if (!(density >= 0 && density <= 1))
            throw new ArgumentOutOfRangeException(name, density, "Density (fraction of entries kept) must be in [0, 1].");
    }

    private static void RequirePositive(int value, string name)
    {
        if (value < 1)
            throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
    }
}
