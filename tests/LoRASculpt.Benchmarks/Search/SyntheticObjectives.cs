using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Benchmarks.Search;

/// <summary>
/// Objectives with a known optimum over a space shaped like a LoRASculpt sweep's: learning rate and alpha on log
/// scales, density in (0, 1], rank a choice. The single objective peaks at 60 (lr 10^-3.3, alpha 10^-2, density 0.3,
/// rank 16). The two objectives pull apart as Source and Target do: Target wants a higher learning rate and density,
/// Source a lower learning rate, more alpha and less density.
/// </summary>
internal static class SyntheticObjectives
{
    public const double Optimum = 60;

    public static ImmutableSortedDictionary<string, ParameterDistribution> Space { get; } =
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ParameterDistribution>
        {
            ["lr"] = new(DistributionKind.LogUniformValues, [], [], Min: 1e-5, Max: 1e-2),
            ["alpha"] = new(DistributionKind.LogUniformValues, [], [], Min: 1e-4, Max: 1),
            ["density"] = new(DistributionKind.Uniform, [], [], Min: 0.05, Max: 1),
            ["rank"] = new(DistributionKind.Categorical, ["4", "8", "16", "32"], []),
        });

    private static double X(IReadOnlyDictionary<string, string> p, string name) => double.Parse(p[name], CultureInfo.InvariantCulture);

    public static double Single(IReadOnlyDictionary<string, string> p) =>
        Optimum
        - 8 * Math.Pow(Math.Log10(X(p, "lr")) + 3.3, 2)
        - 4 * Math.Pow(Math.Log10(X(p, "alpha")) + 2, 2)
        - 20 * Math.Pow(X(p, "density") - 0.3, 2)
        - (p["rank"] == "16" ? 0 : 2);

    public static (double Source, double Target) Pair(IReadOnlyDictionary<string, string> p)
    {
        var lr = Math.Log10(X(p, "lr"));
        var alpha = Math.Log10(X(p, "alpha"));
        var density = X(p, "density");
        var rank = p["rank"] == "16" ? 0 : 1;
        var target = 90 - 10 * Math.Pow(lr + 2.5, 2) - 30 * Math.Pow(density - 0.8, 2) - 2 * rank;
        var source = 80 - 10 * Math.Pow(lr + 4, 2) - 5 * Math.Pow(alpha + 0.5, 2) - 30 * Math.Pow(density - 0.1, 2) - 2 * rank;
        return (Math.Max(0, source), Math.Max(0, target));
    }
}
