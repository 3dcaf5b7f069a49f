using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Settings;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// <c>seeds: N</c>: every grid point runs with N seeds, as replicates. It is written out as a <c>seed</c> axis
/// (the fixed seed, or the catalogue's default, and the N - 1 after it), so a sweep with <c>seeds: 3</c> plans the
/// same trials, with the same ids, as one with <c>seed: {values: [0, 1, 2]}</c>; the results treat a seed axis as
/// replicates in either spelling.
/// </summary>
internal sealed partial class SweepFileReader
{
    private (ImmutableSortedDictionary<string, ImmutableArray<string>> Parameters, ImmutableArray<ImmutableSortedDictionary<string, string>> Points)?
        ApplySeeds(Dictionary<string, YamlNode> entries, GridKind grid,
            ImmutableSortedDictionary<string, ImmutableArray<string>> parameters, ImmutableArray<ImmutableSortedDictionary<string, string>> points)
    {
        var seeds = ReadInt(entries, K.Seeds, 1, 1, K.MaxSeeds);
        if (seeds is null)
        {
            return null;
        }

        if (seeds == 1)
        {
            return (parameters, points);
        }

        var seedsNode = entries[K.Seeds];
        if (parameters.TryGetValue(ParameterNames.Seed, out var fixedSeeds) && fixedSeeds.Length > 1)
        {
            Error(seedsNode, K.Seeds, "`seeds:` and a `seed` axis with several values both set the seeds; keep one of them");
            return null;
        }

        var pointWithSeed = Enumerable.Range(0, points.Length).FirstOrDefault(i => points[i].ContainsKey(ParameterNames.Seed), -1);
        if (pointWithSeed >= 0)
        {
            Error(Nodes[$"{K.Points}[{pointWithSeed}]"], $"{K.Points}[{pointWithSeed}]",
                "this point sets `seed`, and `seeds:` runs every point with several seeds; remove one of them");
            return null;
        }

        var first = fixedSeeds.IsDefaultOrEmpty
            ? long.Parse(TrialParameters.Find(ParameterNames.Seed)!.Default, CultureInfo.InvariantCulture)
            : long.Parse(fixedSeeds[0], CultureInfo.InvariantCulture);
        ImmutableArray<string> values = [.. Enumerable.Range(0, seeds.Value).Select(i => (first + i).ToString(CultureInfo.InvariantCulture))];
        if (grid is GridKind.Product or GridKind.Random or GridKind.Bayes)
        {
            return (parameters.SetItem(ParameterNames.Seed, values), points);
        }

        ImmutableArray<ImmutableSortedDictionary<string, string>> replicated =
            [.. points.SelectMany(point => values.Select(seed => point.SetItem(ParameterNames.Seed, seed)))];
        return (parameters.Remove(ParameterNames.Seed), replicated);
    }
}
