using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Core.Settings;
using LoRASculpt.Sweeps.Synthetic;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// Reads the node tree of one sweep file into a <see cref="SweepSpec"/>, collecting every problem
/// rather than stopping at the first. Whole-sweep checks (settings combinations, trial count) run
/// afterwards in <see cref="SweepSpecValidator"/>.
/// </summary>
internal sealed class SweepFileReader
{
    private readonly List<SweepError> _errors;

    /// <summary>Where each parameter and point was written, so later checks can point at a line.</summary>
    public Dictionary<string, YamlNode> Nodes { get; } = new(StringComparer.Ordinal);

    public SweepFileReader(List<SweepError> errors) => _errors = errors;

    public SweepSpec? Read(YamlNode root, string fileName)
    {
        if (root is not YamlMappingNode mapping)
        {
            Error(root, "", $"a sweep file must be a mapping of keys (name, target, methods, parameters, ...), found {YamlNodes.KindName(root)}");
            return null;
        }

        var entries = ReadKeys(mapping, "", K.TopLevel, K.WandbTopLevel);
        Nodes[""] = root;
        foreach (var (key, node) in entries)
        {
            Nodes[key] = node;
        }

        var name = ReadName(entries, fileName);
        var grid = ReadGridKind(entries);
        var baseModel = ReadBaseModel(entries);
        var target = ReadTarget(entries, root);
        var sources = ReadSources(entries);
        var methods = ReadMethods(entries, root);
        var trialKind = ReadTrialKind(entries);
        var evalShards = ReadInt(entries, K.EvalShards, K.DefaultEvalShards, 1, K.MaxEvalShards);
        var maxTrials = ReadInt(entries, K.MaxTrials, K.DefaultMaxTrials, 1, int.MaxValue);

        var context = new ParameterContext(methods, trialKind);
        var parameters = entries.TryGetValue(K.Parameters, out var parametersNode)
            ? ReadParameters(parametersNode, context)
            : ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);
        var points = ReadPoints(entries, grid, parameters, context, root);

        if (_errors.Count > 0 || name is null || grid is null || baseModel is null || target is null ||
            sources is null || methods is null || trialKind is null || evalShards is null || maxTrials is null || parameters is null || points is null)
        {
            return null;
        }

        return new SweepSpec(name, baseModel, target, sources.Value, methods.Value, grid.Value, parameters, points.Value,
            maxTrials.Value, evalShards.Value, trialKind);
    }

    private Dictionary<string, YamlNode> ReadKeys(YamlMappingNode mapping, string path,
        IReadOnlyList<string> allowed, IReadOnlyDictionary<string, string> hints)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                Error(keyNode, path, "keys must be plain names");
                continue;
            }

            var keyPath = Join(path, key);
            if (allowed.Contains(key))
            {
                entries[key] = valueNode;
            }
            else if (hints.TryGetValue(key, out var hint))
            {
                Error(keyNode, keyPath, $"unknown key '{key}': {hint}");
            }
            else
            {
                Error(keyNode, keyPath, $"unknown key '{key}'.{NameSuggestions.Hint(key, allowed)} Allowed keys: {string.Join(", ", allowed)}");
            }
        }

        return entries;
    }

    private string? ReadName(Dictionary<string, YamlNode> entries, string fileName)
    {
        if (!entries.TryGetValue(K.Name, out var node))
        {
            var stem = Path.GetFileNameWithoutExtension(fileName);
            return string.IsNullOrWhiteSpace(stem) ? "sweep" : stem;
        }

        var text = Scalar(node, K.Name);
        if (text is not null && (text.Length > 100 || text.Any(char.IsControl)))
        {
            Error(node, K.Name, "the name must be one line of at most 100 characters");
            return null;
        }

        return text;
    }

    private GridKind? ReadGridKind(Dictionary<string, YamlNode> entries)
    {
        if (!entries.TryGetValue(K.Method, out var node))
        {
            return GridKind.Product;
        }

        var text = Scalar(node, K.Method);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case K.GridMethod:
                return GridKind.Product;
            case K.ListMethod:
                return GridKind.List;
            case "random":
            case "bayes":
                Error(node, K.Method, $"{text} search is not supported; use `method: grid` with `values:` lists (full product) or `method: list` with explicit `points:`");
                return null;
            default:
                Error(node, K.Method, $"unknown search method '{text}'; use `grid` (full product of the values) or `list` (explicit points). The fine-tuning methods go under `methods:`");
                return null;
        }
    }

    private string? ReadBaseModel(Dictionary<string, YamlNode> entries)
    {
        if (!entries.TryGetValue(K.BaseModel, out var node))
        {
            return ModelPresets.DefaultName;
        }

        var text = Scalar(node, K.BaseModel);
        if (text is null)
        {
            return null;
        }

        if (ModelPresets.Find(text) is null)
        {
            Error(node, K.BaseModel, $"unknown base model '{text}'.{NameSuggestions.Hint(text, ModelPresets.Names)} Known models: {string.Join(", ", ModelPresets.Names)}");
            return null;
        }

        return text;
    }

    private string? ReadTarget(Dictionary<string, YamlNode> entries, YamlNode root)
    {
        if (!entries.TryGetValue(K.Target, out var node))
        {
            Error(root, K.Target, $"missing: name the target task, one of {string.Join(", ", BenchmarkTasks.TargetNames)}");
            return null;
        }

        var text = Scalar(node, K.Target);
        if (text is null)
        {
            return null;
        }

        var task = BenchmarkTasks.Find(text);
        if (task is null)
        {
            Error(node, K.Target, $"unknown task '{text}'.{NameSuggestions.Hint(text, BenchmarkTasks.TargetNames)} Target tasks: {string.Join(", ", BenchmarkTasks.TargetNames)}");
            return null;
        }

        if (!task.IsTarget)
        {
            Error(node, K.Target, $"'{text}' is a source task, not a target task; target tasks: {string.Join(", ", BenchmarkTasks.TargetNames)}");
            return null;
        }

        return text;
    }

    private ImmutableArray<string>? ReadSources(Dictionary<string, YamlNode> entries)
    {
        if (!entries.TryGetValue(K.Sources, out var node))
        {
            return [.. BenchmarkTasks.SourceNames];
        }

        var items = NameList(node, K.Sources, "source task");
        if (items is null)
        {
            return null;
        }

        var ok = true;
        foreach (var (text, itemNode, path) in items)
        {
            var task = BenchmarkTasks.Find(text);
            if (task is null)
            {
                Error(itemNode, path, $"unknown task '{text}'.{NameSuggestions.Hint(text, BenchmarkTasks.SourceNames)} Source tasks: {string.Join(", ", BenchmarkTasks.SourceNames)}");
                ok = false;
            }
            else if (task.IsTarget)
            {
                Error(itemNode, path, $"'{text}' is a target task, not a source task; source tasks: {string.Join(", ", BenchmarkTasks.SourceNames)}");
                ok = false;
            }
        }

        // Registry order: the same set of sources always gives the same trials.
        return ok ? [.. BenchmarkTasks.SourceNames.Where(s => items.Any(i => i.Text == s))] : null;
    }

    private ImmutableArray<string>? ReadMethods(Dictionary<string, YamlNode> entries, YamlNode root)
    {
        if (!entries.TryGetValue(K.Methods, out var node))
        {
            Error(root, K.Methods, $"missing: list the fine-tuning methods to compare, e.g. `methods: [lora, lorasculpt]` (known: {string.Join(", ", TrainingMethods.Names)})");
            return null;
        }

        var items = NameList(node, K.Methods, "method", lowerCase: true);
        if (items is null)
        {
            return null;
        }

        var ok = true;
        foreach (var (text, itemNode, path) in items)
        {
            if (!TrainingMethods.Names.Contains(text))
            {
                Error(itemNode, path, $"unknown method '{text}'.{NameSuggestions.Hint(text, TrainingMethods.Names)} Known methods: {string.Join(", ", TrainingMethods.Names)}");
                ok = false;
            }
        }

        return ok ? [.. items.Select(i => i.Text)] : null;
    }

    private string? ReadTrialKind(Dictionary<string, YamlNode> entries)
    {
        if (!entries.TryGetValue(K.TrialKind, out var node))
        {
            return SweepTrialKinds.Torch;
        }

        var text = Scalar(node, K.TrialKind)?.ToLowerInvariant();
        if (text is null)
        {
            return null;
        }

        if (!SweepTrialKinds.All.Contains(text))
        {
            Error(node, K.TrialKind, $"unknown trial kind '{text}'; use `torch` (real training) or `synthetic` (trials that only wait, for benchmarks and tests)");
            return null;
        }

        return text;
    }

    private int? ReadInt(Dictionary<string, YamlNode> entries, string key, int defaultValue, int min, int max)
    {
        if (!entries.TryGetValue(key, out var node))
        {
            return defaultValue;
        }

        var text = Scalar(node, key);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, key, $"must be a whole number, got '{text}'");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node, key, max == int.MaxValue ? $"must be at least {min}, got {value}" : $"must be between {min} and {max}, got {value}");
            return null;
        }

        return value;
    }

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

    private ImmutableArray<ImmutableSortedDictionary<string, string>>? ReadPoints(
        Dictionary<string, YamlNode> entries, GridKind? grid, ImmutableSortedDictionary<string, ImmutableArray<string>>? parameters,
        ParameterContext context, YamlNode root)
    {
        entries.TryGetValue(K.Points, out var node);
        if (grid == GridKind.Product)
        {
            if (node is not null)
            {
                Error(node, K.Points, "`points` are only used with `method: list`; with `method: grid` every combination of `values:` is run");
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

        if (SyntheticTrialParameters.Find(name) is not null && context.TrialKind is not null && context.TrialKind != SweepTrialKinds.Synthetic)
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

    private List<(string Text, YamlNode Node, string Path)>? NameList(YamlNode node, string path, string what, bool lowerCase = false)
    {
        IReadOnlyList<(YamlNode Node, string Path)> items = node switch
        {
            YamlSequenceNode sequence => sequence.Children.Select((child, i) => (child, $"{path}[{i}]")).ToArray(),
            YamlScalarNode when !YamlNodes.IsNull(node) => [(node, path)],
            _ => [],
        };
        if (items.Count == 0)
        {
            Error(node, path, $"must list at least one {what}");
            return null;
        }

        var result = new List<(string, YamlNode, string)>();
        var ok = true;
        foreach (var (itemNode, itemPath) in items)
        {
            var text = Scalar(itemNode, itemPath);
            if (text is null)
            {
                ok = false;
                continue;
            }

            text = lowerCase ? text.ToLowerInvariant() : text;
            var earlier = result.FindIndex(r => r.Item1 == text);
            if (earlier >= 0)
            {
                Error(itemNode, itemPath, $"duplicate {what} '{text}' (also {result[earlier].Item3})");
                ok = false;
                continue;
            }

            result.Add((text, itemNode, itemPath));
        }

        return ok ? result : null;
    }

    /// <summary>The trimmed text of a non-empty scalar, or an error naming what was found instead.</summary>
    private string? Scalar(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && !YamlNodes.IsNull(node) && scalar.Value!.Trim().Length > 0)
        {
            return scalar.Value.Trim();
        }

        Error(node, path, YamlNodes.IsNull(node) ? "empty value" : $"expected a single value, found {YamlNodes.KindName(node)}");
        return null;
    }

    private void Error(YamlNode node, string path, string message) =>
        _errors.Add(new SweepError(path, message, YamlNodes.Line(node), YamlNodes.Column(node)));

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private sealed record ParameterContext(ImmutableArray<string>? Methods, string? TrialKind);
}
