using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Core.Settings;

namespace LoRASculpt.Reporting;

/// <summary>
/// Folds a results table's seeds into their grid points. A <c>seed</c> axis (written as one, or as <c>seeds: N</c>)
/// is never a knob whose effect a table or plot should show: it is how often each point was repeated, so results
/// are shown per point as mean ± std (n), and a point is best only when it is distinctly so (see <see cref="DistinctBest"/>).
/// </summary>
public static class ReplicateGroups
{
    public const string SeedAxis = ParameterNames.Seed;

    /// <summary>True when the sweep ran some grid point with more than one seed.</summary>
    public static bool HasReplicates(SweepResults results) => results.SweptAxes.Contains(SeedAxis);

    /// <summary>The swept axes a reader compares: every swept axis but the seed.</summary>
    public static ImmutableArray<string> KnobAxes(SweepResults results) => [.. results.SweptAxes.Where(a => a != SeedAxis)];

    /// <summary>The grid points in plan order (of each point's first seed), each with its seeds' rows and statistics.</summary>
    public static IReadOnlyList<ReplicateGroup> Of(SweepResults results)
    {
        var order = new List<string>();
        var byKey = new Dictionary<string, (string Method, ImmutableSortedDictionary<string, string> Values, List<SweepResultRow> Rows)>(StringComparer.Ordinal);
        foreach (var row in results.Rows)
        {
            var values = row.SweptValues.Remove(SeedAxis);
            var key = row.Method + "\n" + string.Join("\n", values.Select(v => v.Key + "=" + v.Value));
            if (!byKey.TryGetValue(key, out var group))
            {
                group = (row.Method, values, []);
                byKey[key] = group;
                order.Add(key);
            }

            group.Rows.Add(row);
        }

        return [.. order.Select(key => Build(byKey[key].Method, byKey[key].Values, byKey[key].Rows))];
    }

    /// <summary>The distinctly best group by <paramref name="metric"/> among those with a completed seed, or null.</summary>
    public static ReplicateGroup? Best(IReadOnlyList<ReplicateGroup> groups, ResultMetric metric)
    {
        var scored = groups.Where(g => g.Score(metric) is not null).ToArray();
        return DistinctBest.Find([.. scored.Select(g => g.Score(metric)!.Value)]) is { } index ? scored[index] : null;
    }

    private static ReplicateGroup Build(string method, ImmutableSortedDictionary<string, string> values, List<SweepResultRow> rows)
    {
        var results = rows.Where(r => r is { Status: TrialStatus.Completed, Result: not null }).Select(r => r.Result!).ToArray();
        ReplicateStatistics? Of(Func<TrialResult, double> score) => results.Length == 0 ? null : ReplicateStatistics.Of(results.Select(score));
        var tasks = results.SelectMany(r => r.Tasks).GroupBy(t => t.Task, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => ReplicateStatistics.Of(g.Select(t => t.Score)), StringComparer.Ordinal);
        return new ReplicateGroup(method, values, [.. rows], Of(r => r.Source), Of(r => r.Target), Of(r => r.Avg), tasks);
    }
}
