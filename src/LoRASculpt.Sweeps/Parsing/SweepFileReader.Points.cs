using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>The <c>points:</c> section of a <c>grid: points</c> sweep: explicit trials, each a full set of parameter values.</summary>
internal sealed partial class SweepFileReader
{
    private ImmutableArray<ImmutableSortedDictionary<string, string>>? ReadPoints(
        Dictionary<string, YamlNode> entries, GridKind? grid, ImmutableSortedDictionary<string, ImmutableArray<string>>? parameters,
        ParameterContext context, YamlNode root)
    {
        entries.TryGetValue(K.Points, out var node);
        if (grid is GridKind.Product or GridKind.Random or GridKind.Bayes)
        {
            if (node is not null)
            {
                Error(node, K.Points, grid == GridKind.Product
                    ? "`points` are only used with `method: list`; with `method: grid` every combination of `values:` is run"
                    : $"`points` are only used with `method: list`; with `method: {(grid == GridKind.Random ? "random" : "bayes")}` the points are drawn from the parameters' distributions");
                return null;
            }

            return [];
        }

        if (grid is null)
        {
            return null;
        }

        if (parameters is not null)
        {
            foreach (var (name, values) in parameters.Where(p => p.Value.Length > 1))
            {
                Error(Nodes[Join(K.Parameters, name)], Join(K.Parameters, name),
                    "with `method: list`, parameters hold fixed values (`value:`); put varying values in `points`");
            }
        }

        if (node is null || YamlNodes.IsNull(node))
        {
            Error(node ?? Nodes.GetValueOrDefault(K.Method, root), K.Points, "`method: list` needs `points:`, a list of parameter mappings such as `- {alpha: 1.0e-3, density: 0.1}`");
            return null;
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            Error(node, K.Points, $"must be a non-empty list of parameter mappings, found {YamlNodes.KindName(node)}");
            return null;
        }

        var points = new List<ImmutableSortedDictionary<string, string>>();
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var pointPath = $"{K.Points}[{i}]";
            var pointNode = sequence.Children[i];
            Nodes[pointPath] = pointNode;
            if (pointNode is not YamlMappingNode mapping)
            {
                Error(pointNode, pointPath, $"must be a mapping of parameter names to values, found {YamlNodes.KindName(pointNode)}");
                ok = false;
                continue;
            }

            var point = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var name = (keyNode as YamlScalarNode)?.Value ?? "";
                var path = Join(pointPath, name);
                var spec = ResolveParameter(name, keyNode, path, context);
                var value = spec is null ? null : ReadValue(valueNode, path, spec);
                if (value is null)
                {
                    ok = false;
                    continue;
                }

                point[name] = value;
            }

            var built = point.ToImmutable();
            var duplicate = points.FindIndex(p => p.SequenceEqual(built));
            if (duplicate >= 0)
            {
                Error(pointNode, pointPath, $"duplicate point: same values as {K.Points}[{duplicate}]");
                ok = false;
            }

            points.Add(built);
        }

        return ok ? [.. points] : null;
    }
}
