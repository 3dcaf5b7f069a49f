using System.Globalization;
using System.Text;
using LoRASculpt.Contracts.Leaderboard;

namespace LoRASculpt.Reporting;

/// <summary>CSV export: one row per entry, hyperparameters as columns (the union over the exported entries).</summary>
public static class LeaderboardCsv
{
    public static string Header(IReadOnlyList<string> hyperparameters) =>
        string.Join(',', new[] { "entry_id", "base_model", "target_task", "method", "seed", "sweep_ids", "suite_version", "source", "target", "avg", "adapter_key", "created_utc", "updated_utc", "rescored" }
            .Concat(hyperparameters.Select(h => Escape("hp." + h))));

    public static string Row(LeaderboardEntry e, IReadOnlyList<string> hyperparameters)
    {
        var cells = new List<string>
        {
            e.EntryId, e.BaseModel, e.TargetTask, e.Method, e.Seed ?? "", string.Join(';', e.SweepIds), e.SuiteVersion,
            Number(e.Source), Number(e.Target), Number(e.Avg), e.AdapterKey,
            e.CreatedUtc.ToString("O", CultureInfo.InvariantCulture), e.UpdatedUtc.ToString("O", CultureInfo.InvariantCulture),
            (e.History.Length - 1).ToString(CultureInfo.InvariantCulture),
        };
        cells.AddRange(hyperparameters.Select(h => e.Config.Hyperparameters.GetValueOrDefault(h) ?? ""));
        return string.Join(',', cells.Select(Escape));
    }

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Escape(string cell)
    {
        if (cell.IndexOfAny([',', '"', '\n', '\r']) < 0)
            return cell;
        var builder = new StringBuilder("\"");
        builder.Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
        return builder.Append('"').ToString();
    }
}
