using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Settings;
using LoRASculpt.Sweeps.Synthetic;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>The <c>parameters:</c> section: each axis (values, range or single value), checked against the settings catalogue.</summary>
internal sealed partial class SweepFileReader
{
    private ImmutableSortedDictionary<string, ImmutableArray<string>>? ReadParameters(YamlNode node, ParameterContext context)
    {
        if (YamlNodes.IsNull(node))
        {
            return ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, K.Parameters, $"must be a mapping of parameter names to `{{values: [...]}}` or `{{value: x}}`, found {YamlNodes.KindName(node)}");
            return null;
        }

        var result = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = Join(K.Parameters, name);
            var spec = ResolveParameter(name, keyNode, path, context);
            if (spec is null)
            {
                ok = false;
                continue;
            }

            Nodes[path] = valueNode;
            if (context.Grid is GridKind.Random or GridKind.Bayes && valueNode is YamlMappingNode distributionNode && IsDistribution(distributionNode))
            {
                if (ReadDistribution(distributionNode, path, spec) is { } distribution)
                {
                    _distributions[name] = distribution;
                }
                else
                {
                    ok = false;
                }

                continue;
            }

            var values = ReadAxis(valueNode, path, spec);
            if (values is null)
            {
                ok = false;
                continue;
            }

            result[name] = values.Value;
        }

        return ok ? result.ToImmutable() : null;
    }

    /// <summary>A parameter entry: `{value: x}`, `{values: [...]}`, `{range: [start, stop(, step)]}` or a bare value.</summary>
    private ImmutableArray<string>? ReadAxis(YamlNode node, string path, ParameterSpec spec)
    {
        switch (node)
        {
            case YamlScalarNode when !YamlNodes.IsNull(node):
                return ReadValue(node, path, spec) is { } single ? [single] : null;
            case YamlSequenceNode:
                Error(node, path, $"write `{{values: [...]}}` to sweep over several values{(spec.Type == ParameterType.List ? ", or `{value: [...]}` for one list of modules" : "")}");
                return null;
            case not YamlMappingNode:
                Error(node, path, "empty value; write `{value: x}` or `{values: [...]}`");
                return null;
        }

        var entries = ReadKeys((YamlMappingNode)node, path, K.ParameterLevel, K.WandbParameterLevel);
        var given = K.ParameterLevel.Where(entries.ContainsKey).ToArray();
        if (given.Length == 0)
        {
            // Unknown keys (a W&B `distribution`, a typo) were reported already and say what to write instead.
            if (!_errors.Any(e => e.Path.StartsWith(path + ".", StringComparison.Ordinal)))
            {
                Error(node, path, "give the parameter's `value:` or its `values:`");
            }

            return null;
        }

        if (given.Length > 1)
        {
            Error(node, path, $"give only one of {string.Join(", ", given.Select(g => $"`{g}`"))}");
            return null;
        }

        return given[0] switch
        {
            K.Value => ReadValue(entries[K.Value], Join(path, K.Value), spec) is { } one ? [one] : null,
            K.Values => ReadValues(entries[K.Values], Join(path, K.Values), spec),
            _ => ReadRange(entries[K.Range], Join(path, K.Range), spec),
        };
    }

    private ImmutableArray<string>? ReadValues(YamlNode node, string path, ParameterSpec spec)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, path, $"must be a list such as [1, 2], found {YamlNodes.KindName(node)}");
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            Error(node, path, "must list at least one value");
            return null;
        }

        var values = new List<string>();
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var canonical = ReadValue(sequence.Children[i], itemPath, spec);
            if (canonical is null)
            {
                ok = false;
                continue;
            }

            var earlier = values.IndexOf(canonical);
            if (earlier >= 0)
            {
                Error(sequence.Children[i], itemPath, $"duplicate value: equals {path}[{earlier}] ({canonical})");
                ok = false;
            }

            values.Add(canonical);
        }

        return ok ? [.. values] : null;
    }

    /// <summary>Python-style `range: [start, stop]` or `[start, stop, step]` for whole-number parameters (seeds, replicas).</summary>
    private ImmutableArray<string>? ReadRange(YamlNode node, string path, ParameterSpec spec)
    {
        if (spec.Type != ParameterType.Int)
        {
            Error(node, path, $"`range` is only for whole-number parameters; {spec.Name} is {spec.Type.ToString().ToLowerInvariant()}: list its values with `values:`");
            return null;
        }

        if (node is not YamlSequenceNode { Children.Count: 2 or 3 } sequence)
        {
            Error(node, path, "must be [start, stop] or [start, stop, step] (stop excluded)");
            return null;
        }

        var bounds = new long[3];
        bounds[2] = 1;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var text = Scalar(sequence.Children[i], $"{path}[{i}]");
            if (text is null)
            {
                return null;
            }

            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out bounds[i]))
            {
                Error(sequence.Children[i], $"{path}[{i}]", $"must be a whole number, got '{text}'");
                return null;
            }
        }

        var (start, stop, step) = (bounds[0], bounds[1], bounds[2]);
        if (step <= 0 || stop <= start)
        {
            Error(node, path, $"must count up: start < stop and step >= 1, got [{start}, {stop}, {step}]");
            return null;
        }

        var count = (stop - start + step - 1) / step;
        if (count > K.MaxRangeLength)
        {
            Error(node, path, $"spans {count} values, more than {K.MaxRangeLength}");
            return null;
        }

        var values = new List<string>((int)count);
        for (var v = start; v < stop; v += step)
        {
            var raw = v.ToString(CultureInfo.InvariantCulture);
            if (!Canonicalize(spec, raw, out var canonical, out var error))
            {
                Error(node, path, error);
                return null;
            }

            values.Add(canonical);
        }

        return [.. values];
    }

    /// <summary>One value of a parameter: a scalar, or for module-list parameters a scalar "q,k" or a list [q, k].</summary>
    private string? ReadValue(YamlNode node, string path, ParameterSpec spec)
    {
        string raw;
        if (node is YamlSequenceNode sequence && spec.Type == ParameterType.List)
        {
            var parts = new List<string>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                if (Scalar(sequence.Children[i], $"{path}[{i}]") is not { } part)
                {
                    return null;
                }

                parts.Add(part);
            }

            raw = string.Join(",", parts);
        }
        else if (node is YamlSequenceNode)
        {
            Error(node, path, $"expected one value, found a list; to sweep several values write `{spec.Name}: {{values: [...]}}`");
            return null;
        }
        else if (Scalar(node, path) is { } text)
        {
            raw = text;
        }
        else
        {
            return null;
        }

        if (!Canonicalize(spec, raw, out var canonical, out var error))
        {
            Error(node, path, error);
            return null;
        }

        return canonical;
    }

    /// <summary>Finds a parameter by name and checks it fits the trial kind and at least one listed method.</summary>
    private ParameterSpec? ResolveParameter(string name, YamlNode keyNode, string path, ParameterContext context)
    {
        var spec = TrialParameters.Find(name) ?? SyntheticTrialParameters.Find(name);
        if (spec is null || name != spec.Name)
        {
            var known = TrialParameters.All.Select(p => p.Name).Concat(SyntheticTrialParameters.All.Select(p => p.Name)).ToArray();
            var message = name is "method" or "methods"
                ? "the fine-tuning methods are not a parameter; list them at the top level under `methods:`"
                : K.ParameterAliases.TryGetValue(name, out var alias)
                    ? $"unknown parameter '{name}': use {alias}"
                    : $"unknown parameter '{name}'.{NameSuggestions.Hint(name, known)} Known parameters: {string.Join(", ", known)}";
            Error(keyNode, path, message);
            return null;
        }

        if (SyntheticTrialParameters.Find(name) is not null && context.ExecutorKind is not null && context.ExecutorKind != ExecutorKinds.Synthetic)
        {
            Error(keyNode, path, $"{name} only applies to `trial_kind: synthetic` trials");
            return null;
        }

        if (context.Methods is { } methods && !methods.Any(spec.AppliesTo))
        {
            Error(keyNode, path, $"{name} applies only to {string.Join(", ", spec.Methods)}, and none of the listed methods ({string.Join(", ", methods)}) uses it");
            return null;
        }

        return spec;
    }

    private static bool Canonicalize(ParameterSpec spec, string raw, out string canonical, out string error)
    {
        if (SyntheticTrialParameters.Find(spec.Name) is not null)
        {
            return SyntheticTrialParameters.TryCanonicalize(spec.Name, raw, out canonical, out error);
        }

        var ok = TrialParameters.TryCanonicalize(spec.Name, raw, out canonical, out var maybeError);
        error = maybeError ?? "";
        return ok;
    }

    private sealed record ParameterContext(ImmutableArray<string>? Methods, string? ExecutorKind, GridKind? Grid);
}
