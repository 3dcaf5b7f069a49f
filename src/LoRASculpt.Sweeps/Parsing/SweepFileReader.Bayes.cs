using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// <c>method: bayes</c>: what to optimise (<c>metric: {name: avg, goal: maximize}</c>, or <c>names: [source, target]</c> for
/// a Pareto front) and how many points may train at once (<c>max_concurrent</c>). It searches one fine-tuning method.
/// </summary>
internal sealed partial class SweepFileReader
{
    private static readonly string[] MetricKeys = ["name", "names", "goal"];

    /// <summary>W&amp;B metric keys we do not take, and what to write instead.</summary>
    private static readonly Dictionary<string, string> MetricHints = new()
    {
        ["target"] = "W&B's `metric.target` (end the sweep once a run reaches a value) is not supported; bound the search with `run_cap`",
    };

    private (SweepMetric? Metric, int MaxConcurrent)? ReadBayes(Dictionary<string, YamlNode> entries, GridKind? grid, YamlNode root,
        ImmutableArray<string>? methods, string? target, ImmutableArray<string>? sources)
    {
        if (grid != GridKind.Bayes)
        {
            // `early_terminate` ranks trials by the metric in every kind of sweep.
            var misplaced = new[] { K.Metric, K.MaxConcurrent }.Where(k => entries.ContainsKey(k) && !(k == K.Metric && entries.ContainsKey(K.EarlyTerminate))).ToArray();
            foreach (var key in misplaced)
            {
                Error(entries[key], key, key == K.Metric
                    ? "`metric` is what `method: bayes` optimises and what `early_terminate` ranks trials by; other sweeps report Source, Target and Avg for every trial: choose the ranking with `sweep results --sort avg|source|target`"
                    : "`max_concurrent` is for `method: bayes` (points proposed at once); other sweeps queue every trial and the scheduler runs as many as there are worker slots");
            }

            if (grid is null || misplaced.Length > 0)
            {
                return null;
            }

            if (!entries.TryGetValue(K.Metric, out var rankedBy))
            {
                return (null, 0);
            }

            var ranking = ReadMetric(rankedBy, target, sources);
            return ranking is null ? null : (ranking, 0);
        }

        var ok = true;
        if (methods is { Length: not 1 } listed)
        {
            Error(entries[K.Methods], K.Methods, $"`method: bayes` searches one fine-tuning method's settings; list one method, not {listed.Length} (run one bayes sweep per method to compare them)");
            ok = false;
        }

        var maxConcurrent = ReadInt(entries, K.MaxConcurrent, K.DefaultMaxConcurrent, 1, 1000);
        if (!entries.TryGetValue(K.Metric, out var node))
        {
            Error(entries.GetValueOrDefault(K.Method, root), K.Metric,
                "`method: bayes` needs `metric:`, what to optimise, e.g. `metric: {name: avg, goal: maximize}` or `metric: {names: [source, target], goal: maximize}`");
            return null;
        }

        var metric = ReadMetric(node, target, sources);
        return ok && metric is not null && maxConcurrent is not null ? (metric, maxConcurrent.Value) : null;
    }

    private SweepMetric? ReadMetric(YamlNode node, string? target, ImmutableArray<string>? sources)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, K.Metric, $"must be a mapping such as `{{name: avg, goal: maximize}}`, found {YamlNodes.KindName(node)}");
            return null;
        }

        var entries = ReadKeys(mapping, K.Metric, MetricKeys, MetricHints);
        ImmutableArray<string> known = ["avg", "source", "target", .. target is null ? [] : new[] { target }, .. sources ?? []];
        List<(string Text, YamlNode Node, string Path)>? names = (entries.TryGetValue("name", out var one), entries.TryGetValue("names", out var several)) switch
        {
            (true, false) => NameList(one!, Join(K.Metric, "name"), "score", lowerCase: true),
            (false, true) => NameList(several!, Join(K.Metric, "names"), "score", lowerCase: true),
            _ => null,
        };
        if (names is null)
        {
            if (!(entries.ContainsKey("name") ^ entries.ContainsKey("names")))
            {
                Error(node, K.Metric, "give the score to optimise as `name:` (one) or `names:` (several, for a Pareto front), not both or neither");
            }

            return null;
        }

        var ok = true;
        foreach (var (text, itemNode, path) in names)
        {
            if (!known.Contains(text))
            {
                Error(itemNode, path, $"unknown score '{text}'.{NameSuggestions.Hint(text, known)} Scores: {string.Join(", ", known)}");
                ok = false;
            }
        }

        var minimize = false;
        if (entries.TryGetValue("goal", out var goalNode))
        {
            switch (Scalar(goalNode, Join(K.Metric, "goal"))?.ToLowerInvariant())
            {
                case "maximize":
                    break;
                case "minimize":
                    minimize = true;
                    break;
                case { } other:
                    Error(goalNode, Join(K.Metric, "goal"), $"must be maximize or minimize, got '{other}'");
                    ok = false;
                    break;
                default:
                    ok = false;
                    break;
            }
        }

        return ok ? new SweepMetric([.. names.Select(n => n.Text)], minimize) : null;
    }
}
