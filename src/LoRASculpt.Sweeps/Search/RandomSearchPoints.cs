using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Sweeps.Search;

/// <summary>
/// The points of a <c>method: random</c> sweep. Point i is drawn from its own stream, derived from the search seed,
/// i and the parameter's name, so the sequence is the same on every machine, a resumed sweep plans exactly the points
/// it planned before (nothing re-run, nothing skipped), and adding a parameter leaves the others' draws unchanged.
/// A value the catalogue refuses (a normal draw below 0 for a learning rate) is drawn again from the same stream;
/// a drawn point equal to an earlier one is drawn again, so run_cap points are distinct where the space allows.
/// Fixed parameters are added to every point, and a seed axis is crossed with it (seeds are replicates, not drawn).
/// </summary>
public static class RandomSearchPoints
{
    public const int MaxRedraws = 1000;

    /// <param name="accept">Canonicalises a raw draw for a parameter, or returns null when the catalogue refuses it.</param>
    /// <exception cref="DrawsRefusedException">When a parameter's draws are refused <see cref="MaxRedraws"/> times running.</exception>
    public static IEnumerable<ImmutableSortedDictionary<string, string>> Generate(SweepSpec spec, Func<string, string, string?> accept)
    {
        var distributions = spec.Distributions ?? ImmutableSortedDictionary<string, ParameterDistribution>.Empty;
        var fixedValues = spec.Parameters.Where(p => p.Value.Length == 1)
            .ToImmutableSortedDictionary(p => p.Key, p => p.Value[0], StringComparer.Ordinal);
        var crossed = spec.Parameters.Where(p => p.Value.Length > 1).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < spec.RunCap; index++)
        {
            ImmutableSortedDictionary<string, string> point = fixedValues;
            for (var attempt = 0; attempt < MaxRedraws; attempt++)
            {
                point = Draw(distributions, fixedValues, spec.SearchSeed, index, attempt, accept);
                if (seen.Add(Key(point)))
                {
                    break;
                }
            }

            foreach (var replicate in Cross(point, crossed))
            {
                yield return replicate;
            }
        }
    }

    /// <summary>Point <paramref name="index"/>'s draw number <paramref name="attempt"/>: the fixed values plus one accepted draw per distribution.</summary>
    public static ImmutableSortedDictionary<string, string> Draw(
        ImmutableSortedDictionary<string, ParameterDistribution> distributions, ImmutableSortedDictionary<string, string> fixedValues,
        long seed, int index, int attempt, Func<string, string, string?> accept)
    {
        var point = fixedValues;
        foreach (var (name, distribution) in distributions)
        {
            point = point.SetItem(name, DrawAccepted(seed, index, attempt, name, distribution, accept));
        }

        return point;
    }

    /// <summary>A point's identity for de-duplication.</summary>
    public static string Key(IReadOnlyDictionary<string, string> point) =>
        string.Join(";", point.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    private static string DrawAccepted(long seed, int index, int attempt, string name, ParameterDistribution distribution, Func<string, string, string?> accept)
    {
        var random = new SplitMix64(SplitMix64.Derive(seed, index, attempt, name));
        for (var draw = 0; draw < MaxRedraws; draw++)
        {
            if (accept(name, DistributionSampler.Draw(distribution, random)) is { } value)
            {
                return value;
            }
        }

        throw new DrawsRefusedException(name,
            $"{MaxRedraws} draws in a row fell outside the values {name} accepts; narrow its distribution to its allowed range");
    }

    private static IEnumerable<ImmutableSortedDictionary<string, string>> Cross(
        ImmutableSortedDictionary<string, string> point, KeyValuePair<string, ImmutableArray<string>>[] axes)
    {
        IEnumerable<ImmutableSortedDictionary<string, string>> points = [point];
        foreach (var (name, values) in axes)
        {
            points = points.SelectMany(p => values.Select(v => p.SetItem(name, v))).ToArray();
        }

        return points;
    }
}
