using System.Globalization;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Reporting;

namespace LoRASculpt.Cli.Commands;

/// <summary>Plain-text tables of leaderboard entries (scripts use --format json or export).</summary>
internal static class LeaderboardPrinter
{
    public static void Table(TextWriter o, IReadOnlyList<LeaderboardEntry> entries, int firstRank)
    {
        var hyper = entries.SelectMany(e => e.Config.Hyperparameters.Keys).Distinct().Where(k => k != "seed").Order(StringComparer.Ordinal).ToArray();
        var header = new[] { "#", "entry", "method", "seed" }.Concat(hyper).Concat(["source", "target", "avg", "suite"]).ToArray();
        var rows = entries.Select((e, i) => new[] { (firstRank + i).ToString(CultureInfo.InvariantCulture), Short(e.EntryId), e.Method, e.Seed ?? "" }
            .Concat(hyper.Select(h => e.Config.Hyperparameters.GetValueOrDefault(h) ?? ""))
            .Concat([F(e.Source), F(e.Target), F(e.Avg), e.SuiteVersion]).ToArray()).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        o.WriteLine(string.Join("  ", header.Select((h, c) => h.PadRight(widths[c]))).TrimEnd());
        foreach (var row in rows)
            o.WriteLine(string.Join("  ", row.Select((cell, c) => c >= header.Length - 4 && c < header.Length - 1 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
    }

    /// <summary>Points folded over seeds (see <see cref="LeaderboardPoints"/>): rank, method, settings, mean ± std (n), suite versions.</summary>
    public static void Points(TextWriter o, IReadOnlyList<LeaderboardPoints.Point> points, int firstRank)
    {
        var header = new[] { "#", "method", "settings", "score", "seeds", "suite" };
        var rows = points.Select((p, i) => new[]
        {
            (firstRank + i).ToString(CultureInfo.InvariantCulture), p.Method, p.Settings.Length == 0 ? "(defaults)" : p.Settings,
            $"{F(p.Score.Mean)} ± {F(p.Score.Std)} ({p.Score.N})", string.Join(",", p.Entries.Select(e => long.Parse(e.Seed ?? "0", CultureInfo.InvariantCulture)).Order()), p.SuiteVersions,
        }).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        o.WriteLine(string.Join("  ", header.Select((h, c) => h.PadRight(widths[c]))).TrimEnd());
        foreach (var row in rows)
            o.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
    }

    public static void Entry(TextWriter o, LeaderboardEntry e)
    {
        o.WriteLine($"Entry {e.EntryId}");
        o.WriteLine($"  board:       {e.BaseModel} / {e.TargetTask} (sources: {string.Join(", ", e.Config.SourceTasks)})");
        o.WriteLine($"  method:      {e.Method} ({e.Config.ExecutorKind})");
        o.WriteLine($"  hyperparams: {string.Join(", ", e.Config.Hyperparameters.Select(p => $"{p.Key}={p.Value}"))}");
        o.WriteLine($"  sweeps:      {string.Join(", ", e.SweepIds)}");
        o.WriteLine($"  adapter:     {e.AdapterKey}");
        o.WriteLine($"  created:     {e.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, updated {e.UpdatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        o.WriteLine($"  current:     Source {F(e.Source)}  Target {F(e.Target)}  Avg {F(e.Avg)}  on {e.SuiteVersion}");
        foreach (var t in e.Current.Tasks)
            o.WriteLine($"               {t.Task,-14} {t.Metric,-12} {F(t.Score),8}{(t.IsTarget ? "  (target)" : "")}");
        o.WriteLine("  history:");
        foreach (var h in e.History)
            o.WriteLine($"    {h.ScoredUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}  {h.SuiteVersion,-12} Source {F(h.Source)}  Target {F(h.Target)}  Avg {F(h.Avg)}  ({h.Origin})");
    }

    private static string F(double value) => LeaderboardCsv.Number(Math.Round(value, 2));

    private static string Short(string id) => id.Length <= 16 ? id : id[..16];
}
