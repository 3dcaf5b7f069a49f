using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Sweeps.Search.Tpe;

/// <summary>
/// Proposes the next point of a model-based search with the Tree-structured Parzen Estimator (Bergstra et al. 2011;
/// Optuna's independent sampler; MOTPE's split for several objectives). Until <see cref="TpeOptions.StartupTrials"/>
/// points have finished it returns the random search's point for the same index, so both methods start alike. Then,
/// per parameter, it models the good observations (l) and the others (g), draws candidates from l and keeps the one
/// with the largest l/g. Points still running count as the worst value seen (a constant liar), so several proposals in
/// flight spread out instead of repeating one. Deterministic: the same observations, index and seed give the same point.
/// </summary>
public static class TpeSampler
{
    public static ImmutableSortedDictionary<string, string> Suggest(
        ImmutableSortedDictionary<string, ParameterDistribution> distributions,
        ImmutableSortedDictionary<string, string> fixedValues,
        IReadOnlyList<SearchObservation> finished,
        IReadOnlyList<IReadOnlyDictionary<string, string>> running,
        long seed,
        int index,
        Func<string, string, string?> accept,
        TpeOptions? options = null)
    {
        options ??= new TpeOptions();
        if (finished.Count < options.StartupTrials)
        {
            return RandomSearchPoints.Draw(distributions, fixedValues, seed, index, 0, accept);
        }

        var objectives = finished[0].Objectives.Length;
        ImmutableArray<double> worst = [.. Enumerable.Range(0, objectives).Select(k => finished.Min(o => o.Objectives[k]))];
        var all = finished.Select(o => (Point: (IReadOnlyDictionary<string, string>)o.Point, o.Objectives))
            .Concat(running.Select(p => (Point: p, Objectives: worst)))
            .ToArray();
        var good = GoodSplit.Good([.. all.Select(o => (IReadOnlyList<double>)o.Objectives)], options);

        var point = fixedValues;
        foreach (var (name, distribution) in distributions)
        {
            var random = new SplitMix64(SplitMix64.Derive(seed, "tpe", index, name));
            var values = all.Select(o => o.Point.GetValueOrDefault(name)).ToArray();
            var value = distribution.Kind == DistributionKind.Categorical
                ? SuggestChoice(name, distribution, values, good, random, accept, options)
                : SuggestNumber(name, distribution, values, good, random, accept, options);
            point = point.SetItem(name, value ?? RandomSearchPoints.Draw(ImmutableSortedDictionary<string, ParameterDistribution>.Empty.Add(name, distribution),
                ImmutableSortedDictionary<string, string>.Empty, seed, index, 0, accept)[name]);
        }

        return point;
    }

    private static string? SuggestNumber(string name, ParameterDistribution distribution, string?[] values, bool[] good,
        SplitMix64 random, Func<string, string, string?> accept, TpeOptions options)
    {
        var scale = ParameterScale.For(distribution);
        var read = values.Select(v => v is null ? null : scale.Read(v)).ToArray();
        var below = new ParzenEstimator([.. Observed(read, good, true)], scale.Low, scale.High);
        var above = new ParzenEstimator([.. Observed(read, good, false)], scale.Low, scale.High);
        var candidates = Enumerable.Range(0, options.Candidates).Select(_ => below.Sample(random)).ToArray();
        return candidates.OrderByDescending(x => below.LogPdf(x) - above.LogPdf(x))
            .Select(x => accept(name, scale.Write(x)))
            .FirstOrDefault(v => v is not null);
    }

    private static string? SuggestChoice(string name, ParameterDistribution distribution, string?[] values, bool[] good,
        SplitMix64 random, Func<string, string, string?> accept, TpeOptions options)
    {
        var indices = values.Select(v => v is null ? -1 : distribution.Values.IndexOf(v)).ToArray();
        int[] Of(bool wanted) => [.. indices.Where((i, k) => i >= 0 && good[k] == wanted)];
        var below = new CategoricalEstimator(Of(true), distribution.Values.Length);
        var above = new CategoricalEstimator(Of(false), distribution.Values.Length);
        var candidates = Enumerable.Range(0, options.Candidates).Select(_ => below.Sample(random)).ToArray();
        var best = candidates.MaxBy(i => below.LogPdf(i) - above.LogPdf(i));
        return accept(name, distribution.Values[best]);
    }

    private static IEnumerable<double> Observed(double?[] values, bool[] good, bool wanted)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } x && good[i] == wanted)
            {
                yield return x;
            }
        }
    }
}
