using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Sweeps.Expansion;

/// <summary>
/// Sweep ids: "s-" + 12 hex digits of SHA-256 over the whole normalised spec, so submitting the same
/// file again (in any spelling of its numbers, YAML or JSON) finds the existing sweep.
/// </summary>
public static class SweepIds
{
    public const string Prefix = "s-";

    public static string For(SweepSpec spec) => Prefix + TrialIds.Hash(CanonicalText(spec), 12);

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string CanonicalText(SweepSpec spec)
    {
        var text = new StringBuilder()
            .Append("name=").Append(spec.Name).Append('\n')
            .Append("kind=").Append(spec.ExecutorKind).Append('\n')
            .Append("base_model=").Append(spec.BaseModel).Append('\n')
            .Append("target=").Append(spec.TargetTask).Append('\n')
            .Append("sources=").Append(string.Join(",", spec.SourceTasks)).Append('\n')
            .Append("methods=").Append(string.Join(",", spec.Methods)).Append('\n')
            .Append("grid=").Append(spec.Grid.ToString().ToLowerInvariant()).Append('\n')
            .Append("max_trials=").Append(spec.MaxTrials).Append('\n')
            .Append("eval_shards=").Append(spec.EvalShards).Append('\n');
        // Only named when set, so sweeps on the built-in benchmark keep their ids.
        if (spec.Suite.Length > 0)
        {
            text.Append("suite=").Append(spec.Suite).Append('\n');
        }

        foreach (var (name, values) in spec.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("param.").Append(name).Append('=').Append(string.Join("|", values)).Append('\n');
        }

        for (var i = 0; i < spec.Points.Length; i++)
        {
            text.Append("point.").Append(i).Append('=')
                .Append(string.Join(";", spec.Points[i].OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")))
                .Append('\n');
        }

        if (spec.Grid is GridKind.Random or GridKind.Bayes)
        {
            text.Append("run_cap=").Append(spec.RunCap).Append('\n').Append("search_seed=").Append(spec.SearchSeed).Append('\n');
            foreach (var (name, d) in spec.Distributions ?? ImmutableSortedDictionary<string, ParameterDistribution>.Empty)
            {
                text.Append("draw.").Append(name).Append('=').Append(d.Kind).Append(';')
                    .Append(string.Join("|", d.Values)).Append(';')
                    .Append(string.Join("|", d.Probabilities.IsDefault ? [] : d.Probabilities.Select(R))).Append(';')
                    .Append(string.Join(";", new[] { d.Min, d.Max, d.Q, d.Mu, d.Sigma }.Select(R))).Append('\n');
            }
        }

        if (spec.Metric is { } metric)
        {
            text.Append("metric=").Append(string.Join(",", metric.Names)).Append(metric.Minimize ? ";minimize" : ";maximize").Append('\n')
                .Append("max_concurrent=").Append(spec.MaxConcurrent).Append('\n');
        }

        // Only named when set, so sweeps without early termination keep their ids.
        if (spec.EarlyTerminate is { } early)
        {
            text.Append("early_terminate=hyperband;").Append(early.MinIter).Append(';').Append(early.Eta).Append(';')
                .Append(early.MaxIter).Append(';').Append(early.Brackets).Append('\n');
        }

        return text.ToString();
    }
}
