using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Core.Settings;
using LoRASculpt.Core.Suites;
using LoRASculpt.Sweeps.Search;
using LoRASculpt.Sweeps.Synthetic;

namespace LoRASculpt.Sweeps.Expansion;

/// <summary>
/// Expands a validated <see cref="SweepSpec"/> into trials, deterministically.
/// <para>Order: grid points first (product mode: parameters in ordinal name order, the first one varying
/// slowest, each parameter's values in file order; list mode: the points in file order), and for each
/// point the methods in file order.</para>
/// <para>A trial's hyperparameters are the settings <see cref="TrialSettings"/> derives for its method
/// (so parameters that do not apply to the method, e.g. alpha for lora, are dropped, and the density
/// shorthand is expanded), minus those equal to the catalogue default. Two grid points that give the same
/// config therefore give the same trial id, and the second is dropped (reported in <see cref="SweepPlan.Collapsed"/>).</para>
/// </summary>
public static class SweepExpander
{
    public static IReadOnlyList<PlannedTrial> Expand(SweepSpec spec) => Plan(spec).Trials;

    /// <summary>Plans the spec, loading its suite file (when it names one) once for every trial.</summary>
    /// <exception cref="SettingsValidationException">When the spec was not validated and a point has invalid settings.</exception>
    /// <exception cref="SuiteValidationException">When the spec's suite file is missing or invalid.</exception>
    public static SweepPlan Plan(SweepSpec spec) => Plan(spec, LoadSuite(spec));

    /// <summary>The suite <see cref="SweepSpec.Suite"/> names, or null for the built-in benchmark.</summary>
    /// <exception cref="SuiteValidationException">When the file is missing or invalid.</exception>
    public static EvaluationSuite? LoadSuite(SweepSpec spec) => spec.Suite.Length == 0 ? null : EvaluationSuiteFile.Load(spec.Suite);

    /// <summary>Plans the spec with its suite already loaded (null when the spec names none).</summary>
    /// <exception cref="SettingsValidationException">When the spec was not validated and a point has invalid settings.</exception>
    public static SweepPlan Plan(SweepSpec spec, EvaluationSuite? suite)
    {
        if (spec.Grid == GridKind.Bayes)
        {
            // The first points only: the rest are proposed as trials finish (see BayesSearch).
            var first = BayesSearch.Propose(spec, [], suite);
            return new SweepPlan(first, first.Count, SweptParameters(spec), []);
        }

        var swept = SweptParameters(spec);
        var trials = new List<PlannedTrial>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var pointsPerMethod = spec.Methods.ToDictionary(m => m, _ => 0);
        var trialsPerMethod = spec.Methods.ToDictionary(m => m, _ => 0);
        var gridPoints = 0;
        foreach (var point in GridPoints(spec))
        {
            gridPoints++;
            foreach (var method in spec.Methods)
            {
                pointsPerMethod[method]++;
                var config = BuildConfig(spec, method, point, suite);
                var id = TrialIds.For(config);
                if (!ids.Add(id))
                {
                    continue;
                }

                trialsPerMethod[method]++;
                var sweptValues = swept.Where(name => point.ContainsKey(name) && AppliesTo(name, method))
                    .ToImmutableSortedDictionary(name => name, name => point[name], StringComparer.Ordinal);
                trials.Add(new PlannedTrial(id, config, sweptValues));
            }
        }

        var collapsed = spec.Methods
            .Where(m => trialsPerMethod[m] < pointsPerMethod[m])
            .Select(m => new CollapsedTrials(m, pointsPerMethod[m], trialsPerMethod[m], swept.Where(p => !AppliesTo(p, m)).ToArray()))
            .ToArray();
        return new SweepPlan(trials, gridPoints, swept, collapsed);
    }

    /// <summary>Parameters that take more than one value across the grid (product axes, or keys that vary across points).</summary>
    public static IReadOnlyList<string> SweptParameters(SweepSpec spec)
    {
        if (spec.Grid is GridKind.Random or GridKind.Bayes)
        {
            return (spec.Distributions ?? ImmutableSortedDictionary<string, ParameterDistribution>.Empty).Keys
                .Concat(spec.Parameters.Where(p => p.Value.Length > 1).Select(p => p.Key))
                .Order(StringComparer.Ordinal).ToArray();
        }

        if (spec.Grid == GridKind.Product)
        {
            return spec.Parameters.Where(p => p.Value.Length > 1).Select(p => p.Key).ToArray();
        }

        var points = GridPoints(spec).ToArray();
        return points.SelectMany(p => p.Keys).Distinct()
            .Where(name => points.Select(p => p.GetValueOrDefault(name)).Distinct().Count() > 1)
            .Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The number of grid points before methods and de-duplication, saturating at <see cref="long.MaxValue"/>.</summary>
    public static long GridPointCount(SweepSpec spec)
    {
        if (spec.Grid == GridKind.List)
        {
            return spec.Points.Length;
        }

        long count = spec.Grid is GridKind.Random or GridKind.Bayes ? spec.RunCap : 1;
        foreach (var (_, values) in spec.Parameters)
        {
            count = count > long.MaxValue / Math.Max(1, values.Length) ? long.MaxValue : count * values.Length;
        }

        return count;
    }

    /// <summary>Every grid point as a full assignment of the parameters the file gives (fixed ones included).</summary>
    public static IEnumerable<ImmutableSortedDictionary<string, string>> GridPoints(SweepSpec spec)
    {
        if (spec.Grid == GridKind.List)
        {
            var fixedValues = spec.Parameters.ToImmutableSortedDictionary(p => p.Key, p => p.Value[0], StringComparer.Ordinal);
            foreach (var point in spec.Points)
            {
                yield return fixedValues.SetItems(point);
            }

            yield break;
        }

        // A bayes sweep's points depend on results; its file is checked on the points random search would draw.
        if (spec.Grid is GridKind.Random or GridKind.Bayes)
        {
            foreach (var point in RandomSearchPoints.Generate(spec, Canonical))
            {
                yield return point;
            }

            yield break;
        }

        var axes = spec.Parameters.ToArray();
        if (axes.Any(a => a.Value.Length == 0))
        {
            yield break;
        }

        // An odometer over the axes: the last axis turns fastest.
        var digits = new int[axes.Length];
        while (true)
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < axes.Length; i++)
            {
                builder[axes[i].Key] = axes[i].Value[digits[i]];
            }

            yield return builder.ToImmutable();
            var axis = axes.Length - 1;
            while (axis >= 0 && ++digits[axis] == axes[axis].Value.Length)
            {
                digits[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The config of one grid point for one method (see the class remarks for what is kept).
    /// <paramref name="suite"/> is the loaded <see cref="SweepSpec.Suite"/> (null when the spec names none).
    /// </summary>
    /// <exception cref="SettingsValidationException">When the point's settings are invalid for the method.</exception>
    public static TrialConfig BuildConfig(SweepSpec spec, string method, IReadOnlyDictionary<string, string> point, EvaluationSuite? suite)
    {
        var training = point.Where(p => SyntheticTrialParameters.Find(p.Key) is null && AppliesTo(p.Key, method))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var settings = TrialSettings.Create(method, spec.BaseModel, spec.TargetTask, spec.SourceTasks, training, suite);
        var hyperparameters = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in settings.ToCanonicalParameters())
        {
            if (value != TrialParameters.Find(name)!.Default)
            {
                hyperparameters[name] = value;
            }
        }

        foreach (var synthetic in SyntheticTrialParameters.All)
        {
            if (point.TryGetValue(synthetic.Name, out var value) && value != synthetic.Default)
            {
                hyperparameters[synthetic.Name] = value;
            }
        }

        return new TrialConfig(spec.BaseModel, spec.TargetTask, [.. settings.SourceTasks], settings.MethodName, hyperparameters.ToImmutable(), spec.ExecutorKind, spec.Suite);
    }

    /// <summary>The canonical form of a drawn value, or null when the catalogue refuses it (out of range).</summary>
    internal static string? Canonical(string name, string raw)
    {
        var ok = SyntheticTrialParameters.Find(name) is not null
            ? SyntheticTrialParameters.TryCanonicalize(name, raw, out var canonical, out _)
            : TrialParameters.TryCanonicalize(name, raw, out canonical, out _);
        return ok ? canonical : null;
    }

    private static bool AppliesTo(string parameter, string method) =>
        (TrialParameters.Find(parameter) ?? SyntheticTrialParameters.Find(parameter))?.AppliesTo(method) ?? false;
}
