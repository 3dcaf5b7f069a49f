using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Settings;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// <c>method: random</c>: <c>run_cap</c> (how many points to draw), <c>search_seed</c>, and parameters written as W&amp;B
/// distributions. A <c>values:</c> list without a distribution is drawn from uniformly, as W&amp;B does; a fixed value and
/// the seed axis (replicates) are not drawn.
/// </summary>
internal sealed partial class SweepFileReader
{
    private readonly Dictionary<string, ParameterDistribution> _distributions = new(StringComparer.Ordinal);

    private (int RunCap, long Seed)? ReadSearch(Dictionary<string, YamlNode> entries, GridKind? grid, YamlNode root)
    {
        if (grid is not (GridKind.Random or GridKind.Bayes))
        {
            foreach (var key in new[] { K.RunCap, K.SearchSeed }.Where(entries.ContainsKey))
            {
                Error(entries[key], key, key == K.RunCap
                    ? "`run_cap` is for `method: random` or `bayes` (how many points to draw); a grid or list runs all its points (cap them with `max_trials`)"
                    : "`search_seed` is for `method: random` or `bayes` (it fixes the drawn points); a grid or list draws nothing");
            }

            return grid is null || entries.ContainsKey(K.RunCap) || entries.ContainsKey(K.SearchSeed) ? null : (0, 0);
        }

        if (!entries.ContainsKey(K.RunCap))
        {
            Error(entries.GetValueOrDefault(K.Method, root), K.RunCap, $"`method: {(grid == GridKind.Random ? "random" : "bayes")}` needs `run_cap:`, the number of points to draw (e.g. `run_cap: 20`)");
            return null;
        }

        var runCap = ReadInt(entries, K.RunCap, 0, 1, K.MaxRunCap);
        var seed = ReadInt(entries, K.SearchSeed, 0, 0, int.MaxValue);
        return runCap is null || seed is null ? null : (runCap.Value, seed.Value);
    }

    private static bool IsDistribution(YamlMappingNode node) =>
        node.Children.Keys.OfType<YamlScalarNode>().Any(k => K.DistributionLevel.Contains(k.Value ?? ""));

    /// <summary>A random sweep's fixed parameters (one value, or the seed axis) and what is drawn (the distributions, and any other `values:` list).</summary>
    private (ImmutableSortedDictionary<string, ImmutableArray<string>> Fixed, ImmutableSortedDictionary<string, ParameterDistribution> Distributions) DrawnParameters(
        ImmutableSortedDictionary<string, ImmutableArray<string>> parameters)
    {
        var drawn = _distributions.ToImmutableSortedDictionary(StringComparer.Ordinal);
        foreach (var (name, values) in parameters.Where(p => p.Value.Length > 1 && p.Key != ParameterNames.Seed))
        {
            drawn = drawn.SetItem(name, new ParameterDistribution(DistributionKind.Categorical, values, []));
        }

        return (parameters.RemoveRange(drawn.Keys), drawn);
    }

    private ParameterDistribution? ReadDistribution(YamlMappingNode node, string path, ParameterSpec spec)
    {
        var entries = ReadKeys(node, path, K.RandomParameterLevel, K.WandbParameterLevel);
        var kind = ReadDistributionKind(entries, node, path);
        if (kind is null)
        {
            return null;
        }

        var expected = kind.Value switch
        {
            DistributionKind.Categorical => new[] { K.Values, K.Probabilities },
            DistributionKind.Normal => [K.Mu, K.Sigma],
            DistributionKind.QUniform or DistributionKind.QLogUniformValues => [K.Min, K.Max, K.Q],
            _ => [K.Min, K.Max],
        };
        var ok = true;
        foreach (var key in entries.Keys.Where(k => k != K.Distribution && !expected.Contains(k)))
        {
            Error(entries[key], Join(path, key), $"`{key}` does not apply to {DistributionName(kind.Value)}, which takes {string.Join(", ", expected.Select(e => $"`{e}`"))}");
            ok = false;
        }

        if (!ok || !CheckDrawnType(node, path, spec, kind.Value))
        {
            return null;
        }

        return kind.Value switch
        {
            DistributionKind.Categorical => ReadCategorical(entries, node, path, spec),
            DistributionKind.Normal => ReadNormal(entries, path),
            _ => ReadBounded(entries, node, path, spec, kind.Value),
        };
    }

    private DistributionKind? ReadDistributionKind(Dictionary<string, YamlNode> entries, YamlNode node, string path)
    {
        if (!entries.TryGetValue(K.Distribution, out var kindNode))
        {
            // W&B's inference: values alone are categorical; whole-number bounds int_uniform, other bounds uniform.
            if (entries.ContainsKey(K.Values))
            {
                return DistributionKind.Categorical;
            }

            if (entries.ContainsKey(K.Mu) || entries.ContainsKey(K.Sigma))
            {
                return DistributionKind.Normal;
            }

            if (entries.TryGetValue(K.Min, out var min) && entries.TryGetValue(K.Max, out var max))
            {
                return IsWhole(min) && IsWhole(max) ? DistributionKind.IntUniform : DistributionKind.Uniform;
            }

            Error(node, Join(path, K.Distribution), $"say which distribution to draw from: `distribution:` one of {string.Join(", ", K.Distributions.Keys)}");
            return null;
        }

        var text = Scalar(kindNode, Join(path, K.Distribution));
        if (text is null)
        {
            return null;
        }

        if (K.Distributions.TryGetValue(text, out var kind))
        {
            return kind;
        }

        Error(kindNode, Join(path, K.Distribution), K.UnsupportedDistributions.TryGetValue(text, out var hint)
            ? hint
            : $"unknown distribution '{text}'.{NameSuggestions.Hint(text, [.. K.Distributions.Keys])} Known: {string.Join(", ", K.Distributions.Keys)}");
        return null;
    }

    private bool CheckDrawnType(YamlNode node, string path, ParameterSpec spec, DistributionKind kind)
    {
        var problem = (spec.Type, kind) switch
        {
            (_, DistributionKind.Categorical) => null,
            (ParameterType.Enum or ParameterType.List, _) => $"{spec.Name} takes names, not numbers: draw from `values:` (with optional `probabilities:`)",
            (ParameterType.Int, DistributionKind.Uniform or DistributionKind.LogUniformValues or DistributionKind.Normal) =>
                $"{spec.Name} is a whole number: use `int_uniform`, `q_uniform` or `q_log_uniform_values` (with a whole `q`), or `values:`",
            (ParameterType.Float, DistributionKind.IntUniform) => $"{spec.Name} is not a whole number: use `uniform` or `log_uniform_values`",
            _ => null,
        };
        if (problem is not null)
        {
            Error(node, Join(path, K.Distribution), problem);
        }

        return problem is null;
    }

    private ParameterDistribution? ReadCategorical(Dictionary<string, YamlNode> entries, YamlNode node, string path, ParameterSpec spec)
    {
        if (!entries.TryGetValue(K.Values, out var valuesNode))
        {
            Error(node, Join(path, K.Values), "a categorical distribution draws from `values:`; list them");
            return null;
        }

        var values = ReadValues(valuesNode, Join(path, K.Values), spec);
        if (values is null)
        {
            return null;
        }

        if (!entries.TryGetValue(K.Probabilities, out var probabilitiesNode))
        {
            return new ParameterDistribution(DistributionKind.Categorical, values.Value, []);
        }

        var probabilitiesPath = Join(path, K.Probabilities);
        if (probabilitiesNode is not YamlSequenceNode sequence || sequence.Children.Count != values.Value.Length)
        {
            Error(probabilitiesNode, probabilitiesPath, $"must be a list of {values.Value.Length} probabilities, one per value");
            return null;
        }

        var probabilities = new List<double>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (Number(sequence.Children[i], $"{probabilitiesPath}[{i}]") is not { } p)
            {
                return null;
            }

            if (p < 0)
            {
                Error(sequence.Children[i], $"{probabilitiesPath}[{i}]", $"must not be negative, got {Format(p)}");
                return null;
            }

            probabilities.Add(p);
        }

        if (Math.Abs(probabilities.Sum() - 1) > 1e-6)
        {
            Error(probabilitiesNode, probabilitiesPath, $"must add up to 1, they add up to {Format(probabilities.Sum())}");
            return null;
        }

        return new ParameterDistribution(DistributionKind.Categorical, values.Value, [.. probabilities]);
    }

    private ParameterDistribution? ReadNormal(Dictionary<string, YamlNode> entries, string path)
    {
        var mu = entries.TryGetValue(K.Mu, out var muNode) ? Number(muNode, Join(path, K.Mu)) : 0;
        var sigma = entries.TryGetValue(K.Sigma, out var sigmaNode) ? Number(sigmaNode, Join(path, K.Sigma)) : 1;
        if (mu is null || sigma is null)
        {
            return null;
        }

        if (sigma <= 0)
        {
            Error(sigmaNode!, Join(path, K.Sigma), $"must be greater than 0, got {Format(sigma.Value)}");
            return null;
        }

        return new ParameterDistribution(DistributionKind.Normal, [], [], Mu: mu.Value, Sigma: sigma.Value);
    }

    private ParameterDistribution? ReadBounded(Dictionary<string, YamlNode> entries, YamlNode node, string path, ParameterSpec spec, DistributionKind kind)
    {
        var name = DistributionName(kind);
        foreach (var key in new[] { K.Min, K.Max }.Where(k => !entries.ContainsKey(k)))
        {
            Error(node, Join(path, key), $"{name} needs `{K.Min}` and `{K.Max}`");
            return null;
        }

        var (minNode, maxNode) = (entries[K.Min], entries[K.Max]);
        var min = Number(minNode, Join(path, K.Min));
        var max = Number(maxNode, Join(path, K.Max));
        var q = entries.TryGetValue(K.Q, out var qNode) ? Number(qNode, Join(path, K.Q)) : 1;
        if (min is null || max is null || q is null)
        {
            return null;
        }

        if (min >= max)
        {
            Error(node, path, $"`min` must be less than `max`, got min {Format(min.Value)} and max {Format(max.Value)}");
            return null;
        }

        if (kind is DistributionKind.LogUniformValues or DistributionKind.QLogUniformValues && min <= 0)
        {
            Error(minNode, Join(path, K.Min), $"{name} draws between logarithms: `min` must be greater than 0, got {Format(min.Value)}");
            return null;
        }

        if (q <= 0 || (spec.Type == ParameterType.Int && q != Math.Floor(q.Value)))
        {
            Error(qNode!, Join(path, K.Q), spec.Type == ParameterType.Int
                ? $"{spec.Name} is a whole number: `q` must be a whole number of at least 1, got {Format(q.Value)}"
                : $"must be greater than 0, got {Format(q.Value)}");
            return null;
        }

        if (kind == DistributionKind.IntUniform || spec.Type == ParameterType.Int)
        {
            foreach (var (value, bound, key) in new[] { (min.Value, minNode, K.Min), (max.Value, maxNode, K.Max) })
            {
                if (value != Math.Floor(value))
                {
                    Error(bound, Join(path, key), $"{spec.Name} is a whole number: `{key}` must be one, got {Format(value)}");
                    return null;
                }
            }
        }

        // Both bounds must be values the parameter accepts, so every draw is.
        foreach (var (value, bound, key) in new[] { (min.Value, minNode, K.Min), (max.Value, maxNode, K.Max) })
        {
            if (!TrialParameters.TryCanonicalize(spec.Name, Format(value), out _, out var error) && Synthetic.SyntheticTrialParameters.Find(spec.Name) is null)
            {
                Error(bound, Join(path, key), error ?? $"{spec.Name} does not accept {Format(value)}");
                return null;
            }
        }

        return new ParameterDistribution(kind, [], [], min.Value, max.Value, kind is DistributionKind.QUniform or DistributionKind.QLogUniformValues ? q.Value : 0);
    }

    private double? Number(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        Error(node, path, $"must be a number, got '{text}'");
        return null;
    }

    private static bool IsWhole(YamlNode node) =>
        node is YamlScalarNode { Value: { } text } && long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static string DistributionName(DistributionKind kind) => K.Distributions.First(d => d.Value == kind).Key;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
