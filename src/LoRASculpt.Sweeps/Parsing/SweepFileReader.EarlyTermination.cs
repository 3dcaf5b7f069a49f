using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Settings;
using LoRASculpt.Sweeps.Search.EarlyTermination;
using LoRASculpt.Sweeps.Synthetic;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// <c>early_terminate: {type: hyperband, min_iter, eta, max_iter | s}</c>: asynchronous successive halving over the
/// trials' forgetting-curve points, ranked by <c>metric</c> (one of avg, source, target). It needs curves, so a torch
/// sweep must not turn <c>eval_every</c> off and a synthetic one must set <c>curve_every</c>.
/// </summary>
internal sealed partial class SweepFileReader
{
    private const string HyperbandType = "hyperband";
    private static readonly string[] EarlyTerminateKeys = ["type", "min_iter", "eta", "max_iter", "s"];

    /// <summary>The settings (null inside when the file has no <c>early_terminate</c>), or null after an error.</summary>
    private (HyperbandSettings? Settings, bool Given)? ReadEarlyTermination(Dictionary<string, YamlNode> entries, SweepMetric? metric,
        string? executorKind, ImmutableSortedDictionary<string, ImmutableArray<string>>? parameters, ImmutableArray<ImmutableSortedDictionary<string, string>>? points)
    {
        if (!entries.TryGetValue(K.EarlyTerminate, out var node))
        {
            return (null, false);
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, K.EarlyTerminate, $"must be a mapping such as `{{type: hyperband, min_iter: 1, eta: 3}}`, found {YamlNodes.KindName(node)}");
            return null;
        }

        var settings = ReadHyperband(mapping);
        var ranked = CheckRanking(entries, node, metric);
        var curves = CheckCurves(node, executorKind, parameters, points);
        return settings is not null && ranked && curves ? (settings, true) : null;
    }

    private HyperbandSettings? ReadHyperband(YamlMappingNode mapping)
    {
        var entries = ReadKeys(mapping, K.EarlyTerminate, EarlyTerminateKeys, new Dictionary<string, string>());
        var ok = true;
        if (!entries.TryGetValue("type", out var typeNode))
        {
            Error(mapping, K.EarlyTerminate, "needs `type: hyperband` (asynchronous successive halving, the only kind supported)");
            ok = false;
        }
        else if (Scalar(typeNode, Join(K.EarlyTerminate, "type"))?.ToLowerInvariant() is { } type && type != HyperbandType)
        {
            Error(typeNode, Join(K.EarlyTerminate, "type"), $"unknown type '{type}': only hyperband is supported; write `type: hyperband`");
            ok = false;
        }

        if (!entries.ContainsKey("min_iter"))
        {
            Error(mapping, K.EarlyTerminate, "needs `min_iter`, the first rung: the curve point at which trials are first compared (e.g. `min_iter: 1`)");
            ok = false;
        }

        var minIter = TerminateInt(entries, "min_iter", 1, 1, HyperbandRungs.MaxIterations - 1);
        var eta = TerminateInt(entries, "eta", HyperbandRungs.DefaultEta, 2, 100);
        var maxIter = TerminateInt(entries, "max_iter", HyperbandRungs.MaxIterations, 2, HyperbandRungs.MaxIterations);
        var brackets = TerminateInt(entries, "s", 0, 1, 100);
        if (minIter is null || eta is null || maxIter is null || brackets is null || !ok)
        {
            return null;
        }

        if (minIter >= maxIter)
        {
            Error(entries["max_iter"], Join(K.EarlyTerminate, "max_iter"), $"must be above min_iter ({minIter}): rungs are at min_iter x eta^r below max_iter");
            return null;
        }

        return new HyperbandSettings(minIter.Value, eta.Value, maxIter.Value, brackets.Value);
    }

    /// <summary>A whole number under <c>early_terminate</c>, its errors at the key's full path.</summary>
    private int? TerminateInt(Dictionary<string, YamlNode> entries, string key, int defaultValue, int min, int max)
    {
        var path = Join(K.EarlyTerminate, key);
        var scoped = entries.TryGetValue(key, out var node) ? new Dictionary<string, YamlNode> { [path] = node } : [];
        return ReadInt(scoped, path, defaultValue, min, max);
    }

    private bool CheckRanking(Dictionary<string, YamlNode> entries, YamlNode node, SweepMetric? metric)
    {
        if (!entries.ContainsKey(K.Metric))
        {
            Error(node, K.EarlyTerminate, "needs `metric:`, the score trials are ranked by at each rung, e.g. `metric: {name: avg, goal: maximize}` (avg, source or target)");
            return false;
        }

        if (metric is null)
        {
            return false; // its own error is reported
        }

        if (metric.Names.Length != 1)
        {
            Error(entries[K.Metric], K.Metric, "`early_terminate` ranks trials by one score; write `name: avg` (or source, or target) instead of `names:`");
            return false;
        }

        if (!CurveMetric.Names.Contains(metric.Names[0]))
        {
            Error(entries[K.Metric], K.Metric, $"`early_terminate` ranks trials by their forgetting curves, which carry Source and Target only; rank by avg, source or target, not '{metric.Names[0]}'");
            return false;
        }

        return true;
    }

    private bool CheckCurves(YamlNode node, string? executorKind, ImmutableSortedDictionary<string, ImmutableArray<string>>? parameters,
        ImmutableArray<ImmutableSortedDictionary<string, string>>? points)
    {
        if (executorKind is null || parameters is null || points is null)
        {
            return true; // nothing to check against: their own errors are reported
        }

        var synthetic = executorKind == ExecutorKinds.Synthetic;
        var name = synthetic ? SyntheticTrialParameters.CurveEvery : ParameterNames.EvalEvery;
        var fallback = synthetic ? "0" : TrialParameters.Find(name)!.Default;
        if (_distributions.ContainsKey(name))
        {
            Error(Nodes.GetValueOrDefault(Join(K.Parameters, name), node), Join(K.Parameters, name), $"`early_terminate` compares trials at the same curve points: give {name} one value, not a distribution");
            return false;
        }

        var values = parameters.TryGetValue(name, out var axis) ? axis.AsEnumerable() : [fallback];
        values = values.Concat(points.Value.Select(p => p.GetValueOrDefault(name)).OfType<string>());
        if (values.All(v => int.Parse(v, CultureInfo.InvariantCulture) > 0))
        {
            return true;
        }

        Error(node, K.EarlyTerminate, synthetic
            ? "needs forgetting curves: synthetic trials report them with `curve_every: N` (a point every N steps of 250 ms) under `parameters:`"
            : "needs forgetting curves: `eval_every` must not be 0 (a curve point every N optimizer steps; default 50)");
        return false;
    }
}
