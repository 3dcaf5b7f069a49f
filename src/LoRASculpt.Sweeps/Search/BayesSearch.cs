using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Core.Settings;
using LoRASculpt.Core.Suites;
using LoRASculpt.Sweeps.Expansion;
using LoRASculpt.Sweeps.Search.Tpe;

namespace LoRASculpt.Sweeps.Search;

/// <summary>
/// The next trials of a <c>method: bayes</c> sweep, from the trials it has so far. A point (the drawn values; with
/// <c>seeds:</c> one trial per seed) is running while any of its trials is, and finished when all are, scored by the
/// mean over its completed seeds of the metric (negated to minimise). New points are proposed by
/// <see cref="TpeSampler"/> until <see cref="SweepSpec.MaxConcurrent"/> points are running or <see cref="SweepSpec.RunCap"/>
/// points exist; a proposal equal to an earlier point is drawn again at random, and when the space is used up no
/// more are proposed. Pure and deterministic: the sweep grain calls it whenever a trial finishes, and after a restart.
/// </summary>
public static class BayesSearch
{
    /// <param name="trials">The sweep's trials in plan order, with what each has become (null: not heard from yet).</param>
    public static IReadOnlyList<PlannedTrial> Propose(SweepSpec spec, IReadOnlyList<(SweepTrial Trial, TrialStatus? Status, TrialResult? Result)> trials,
        EvaluationSuite? suite)
    {
        var method = spec.Methods.Single();
        var distributions = spec.Distributions ?? ImmutableSortedDictionary<string, ParameterDistribution>.Empty;
        var fixedValues = spec.Parameters.Where(p => p.Value.Length == 1)
            .ToImmutableSortedDictionary(p => p.Key, p => p.Value[0], StringComparer.Ordinal);
        var seeds = spec.Parameters.TryGetValue(ParameterNames.Seed, out var seedAxis) && seedAxis.Length > 1 ? seedAxis : [];

        var points = trials.GroupBy(t => RandomSearchPoints.Key(PointOf(t.Trial.SweptValues)), StringComparer.Ordinal)
            .Select(g => (Point: PointOf(g.First().Trial.SweptValues), Trials: g.ToArray()))
            .ToList();
        var observations = new List<SearchObservation>();
        var running = new List<IReadOnlyDictionary<string, string>>();
        foreach (var (point, members) in points)
        {
            if (members.Any(m => m.Status is not { } status || !status.IsTerminal()))
            {
                running.Add(point);
            }
            else if (Objectives(spec.Metric!, members) is { } objectives)
            {
                observations.Add(new SearchObservation(point, objectives));
            }
        }

        var known = points.Select(p => RandomSearchPoints.Key(p.Point)).ToHashSet(StringComparer.Ordinal);
        var proposed = new List<PlannedTrial>();
        var wanted = Math.Min(spec.MaxConcurrent - running.Count, spec.RunCap - points.Count);
        for (var k = 0; k < wanted; k++)
        {
            var index = points.Count + k;
            var drawn = TpeSampler.Suggest(distributions, ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal),
                observations, running, spec.SearchSeed, index, SweepExpander.Canonical);
            for (var attempt = 1; known.Contains(RandomSearchPoints.Key(drawn)) && attempt < RandomSearchPoints.MaxRedraws; attempt++)
            {
                drawn = RandomSearchPoints.Draw(distributions, ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal),
                    spec.SearchSeed, index, attempt, SweepExpander.Canonical);
            }

            if (!known.Add(RandomSearchPoints.Key(drawn)))
            {
                break; // every point of a small space has been tried
            }

            running.Add(drawn);
            foreach (var seed in seeds.IsEmpty ? [null] : seeds.Select(s => (string?)s))
            {
                var full = fixedValues.SetItems(drawn);
                var swept = drawn;
                if (seed is not null)
                {
                    full = full.SetItem(ParameterNames.Seed, seed);
                    swept = swept.SetItem(ParameterNames.Seed, seed);
                }

                var config = SweepExpander.BuildConfig(spec, method, full, suite);
                proposed.Add(new PlannedTrial(TrialIds.For(config), config, swept));
            }
        }

        return proposed;
    }

    /// <summary>A trial's point: its drawn values, without the seed.</summary>
    private static ImmutableSortedDictionary<string, string> PointOf(ImmutableSortedDictionary<string, string> swept) => swept.Remove(ParameterNames.Seed);

    private static ImmutableArray<double>? Objectives(SweepMetric metric, (SweepTrial Trial, TrialStatus? Status, TrialResult? Result)[] members)
    {
        var results = members.Where(m => m.Status is TrialStatus.Completed or TrialStatus.StoppedEarly && m.Result is not null).Select(m => m.Result!).ToArray();
        if (results.Length == 0)
        {
            return null; // every seed failed or was cancelled: nothing to learn from
        }

        var sign = metric.Minimize ? -1.0 : 1.0;
        ImmutableArray<double> objectives = [.. metric.Names.Select(name => sign * results.Average(r => Score(r, name)))];
        return objectives.All(double.IsFinite) ? objectives : null; // a diverged run (NaN) teaches the model nothing

    }

    public static double Score(TrialResult result, string name) => name switch
    {
        "avg" => result.Avg,
        "source" => result.Source,
        "target" => result.Target,
        _ => result.Tasks.FirstOrDefault(t => t.Task == name)?.Score ?? double.NaN,
    };
}
