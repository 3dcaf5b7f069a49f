using System.Globalization;
using System.Text;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Reporting;

/// <summary>
/// A sweep's Source/Target trade-off: the Pareto front (both maximised) and its hypervolume above (0, 0) after each
/// number of trials in plan order, which for a model-based search is the order it proposed them: how fast the search
/// found the front. With seeds, points are grid points at their seeds' means and the count is of such points.
/// </summary>
public sealed record ParetoSummary(
    IReadOnlyList<ParetoSummary.Member> Front,
    IReadOnlyList<ParetoSummary.Step> Hypervolume,
    string CountedAs,
    int Scored)
{
    /// <summary>A trial (or, with seeds, a grid point) on the front: its id (the point's first trial), label and scores.</summary>
    public sealed record Member(string TrialId, string Label, double Source, double Target);

    /// <summary>The front's hypervolume once the first <paramref name="Count"/> trials (or points) are counted.</summary>
    public sealed record Step(int Count, double Value);

    /// <summary>Null when no trial has completed with finite scores.</summary>
    public static ParetoSummary? Of(SweepResults results)
    {
        var replicated = ReplicateGroups.HasReplicates(results);
        // Without seeds every planned trial counts, failed or not: a search spent it. With seeds, scored points count.
        var ordered = replicated
            ? TradeOffPoints.Of(results).Select(r => (SweepResultRow?)r).ToArray()
            : results.Rows.Select(r => TradeOffPoints.IsPlottable(r) ? r : null).ToArray();
        var scored = ordered.OfType<SweepResultRow>().ToArray();
        if (scored.Length == 0)
            return null;

        var front = ParetoFront.Compute([.. scored.Select(Coordinates)])
            .Select(i => scored[i])
            .Select(r => new Member(r.TrialId, ResultPlots.Label(r), r.Result!.Source, r.Result.Target))
            .ToArray();
        var steps = new List<Step>(ordered.Length);
        var seen = new List<(double X, double Y)>(ordered.Length);
        for (var k = 0; k < ordered.Length; k++)
        {
            if (ordered[k] is { } row)
                seen.Add(Coordinates(row));
            steps.Add(new Step(k + 1, Core.Scoring.Hypervolume.Of2D(seen)));
        }
        return new ParetoSummary(front, steps, replicated ? "points" : "trials", scored.Length);
    }

    /// <summary>
    /// Two lines for a terminal or Markdown: the front's members with their scores, and the hypervolume after all trials
    /// with up to three earlier counts (a quarter, half and three quarters of the way) to show how it grew.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Pareto front (Source, Target), {Front.Count} of {Scored} scored {CountedAs}: ");
        text.AppendJoin("; ", Front.Select(m => $"{m.Label} ({ResultFormat.Score(m.Source)}, {ResultFormat.Score(m.Target)})"));
        text.Append('\n');
        var all = Hypervolume[^1];
        text.Append(CultureInfo.InvariantCulture, $"Hypervolume above (0, 0): {all.Value:F1} after {all.Count} {CountedAs}");
        var earlier = Milestones().Where(s => s.Count < all.Count).ToArray();
        if (earlier.Length > 0)
            text.Append(" (").AppendJoin(", ", earlier.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Count}: {s.Value:F1}"))).Append(')');
        text.Append('\n');
        return text.ToString();
    }

    /// <summary>The steps at a quarter, half and three quarters of the count (rounded up), without repeats.</summary>
    public IReadOnlyList<Step> Milestones()
    {
        var n = Hypervolume.Count;
        return [.. new[] { 1, 2, 3 }.Select(q => (n * q + 3) / 4).Where(k => k >= 1).Distinct().Select(k => Hypervolume[k - 1])];
    }

    private static (double X, double Y) Coordinates(SweepResultRow row) => (row.Result!.Source, row.Result.Target);
}
