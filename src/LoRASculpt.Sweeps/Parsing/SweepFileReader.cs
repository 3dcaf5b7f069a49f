using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Settings;
using LoRASculpt.Core.Suites;
using LoRASculpt.Sweeps.Synthetic;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// Reads the node tree of one sweep file into a <see cref="SweepSpec"/>, collecting every problem
/// rather than stopping at the first. Whole-sweep checks (settings combinations, trial count) run
/// afterwards in <see cref="SweepSpecValidator"/>. This part reads the top-level keys; the base model, suite and
/// tasks, the parameters, explicit points and node helpers are in the other SweepFileReader.*.cs parts.
/// </summary>
internal sealed partial class SweepFileReader
{
    private readonly List<SweepError> _errors;
    private readonly string _baseDirectory;
    private readonly string? _homeDirectory;

    /// <summary>Where each parameter and point was written, so later checks can point at a line.</summary>
    public Dictionary<string, YamlNode> Nodes { get; } = new(StringComparer.Ordinal);

    /// <summary>The suite `suite:` names, loaded once for every later check; null without one.</summary>
    public EvaluationSuite? Suite { get; private set; }

    /// <param name="baseDirectory">What relative `base_model` and `suite` paths are relative to (the file's folder).</param>
    /// <param name="homeDirectory">What '~' stands for; null = the user's home.</param>
    public SweepFileReader(List<SweepError> errors, string baseDirectory, string? homeDirectory)
    {
        _errors = errors;
        _baseDirectory = baseDirectory;
        _homeDirectory = homeDirectory;
    }

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
        var suite = ReadSuite(entries);
        var tasks = TaskNamesFor(entries, baseModel, suite);
        var target = ReadTarget(entries, root, tasks);
        var sources = ReadSources(entries, tasks);
        var methods = ReadMethods(entries, root);
        var executorKind = ReadExecutorKind(entries);
        var evalShards = ReadInt(entries, K.EvalShards, K.DefaultEvalShards, 1, K.MaxEvalShards);
        var maxTrials = ReadInt(entries, K.MaxTrials, K.DefaultMaxTrials, 1, int.MaxValue);

        var search = ReadSearch(entries, grid, root);
        var bayes = ReadBayes(entries, grid, root, methods, target, sources);
        var context = new ParameterContext(methods, executorKind, grid);
        var parameters = entries.TryGetValue(K.Parameters, out var parametersNode)
            ? ReadParameters(parametersNode, context)
            : ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);
        var points = ReadPoints(entries, grid, parameters, context, root);
        var replicated = grid is null || parameters is null || points is null ? null : ApplySeeds(entries, grid.Value, parameters, points.Value);
        var earlyTerminate = ReadEarlyTermination(entries, bayes?.Metric, executorKind, replicated?.Parameters, replicated?.Points);
        (ImmutableSortedDictionary<string, ImmutableArray<string>> Fixed, ImmutableSortedDictionary<string, ParameterDistribution> Distributions)? drawn =
            grid is GridKind.Random or GridKind.Bayes && replicated is { } r ? DrawnParameters(r.Parameters) : null;

        if (_errors.Count > 0 || name is null || grid is null || baseModel is null || suite is null || target is null ||
            sources is null || methods is null || executorKind is null || evalShards is null || maxTrials is null || replicated is null || search is null || bayes is null || earlyTerminate is null)
        {
            return null;
        }

        return new SweepSpec(name, baseModel, target, sources.Value, methods.Value, grid.Value,
            drawn?.Fixed ?? replicated.Value.Parameters, replicated.Value.Points,
            maxTrials.Value, evalShards.Value, executorKind, suite, drawn?.Distributions, search.Value.RunCap, search.Value.Seed,
            bayes.Value.Metric, bayes.Value.MaxConcurrent, earlyTerminate.Value.Settings);
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
            case K.RandomMethod:
                return GridKind.Random;
            case K.BayesMethod:
                return GridKind.Bayes;
            default:
                Error(node, K.Method, $"unknown search method '{text}'; use `grid` (full product of the values), `list` (explicit points) or `random` (points drawn from distributions) or `bayes` (points proposed from finished trials). The fine-tuning methods go under `methods:`");
                return null;
        }
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

    private string? ReadExecutorKind(Dictionary<string, YamlNode> entries)
    {
        if (!entries.TryGetValue(K.ExecutorKind, out var node))
        {
            return ExecutorKinds.Torch;
        }

        var text = Scalar(node, K.ExecutorKind)?.ToLowerInvariant();
        if (text is null)
        {
            return null;
        }

        if (!ExecutorKinds.All.Contains(text))
        {
            Error(node, K.ExecutorKind, $"unknown trial kind '{text}'; use `torch` (real training) or `synthetic` (trials that only wait, for benchmarks and tests)");
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
}
