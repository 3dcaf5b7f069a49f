using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoRASculpt.Contracts.Leaderboard;

namespace LoRASculpt.Client;

/// <summary>
/// The JSON shape shared by <c>leaderboard export --format json</c> and the silo's HTTP endpoint (snake_case, enums as
/// text): part of the client-facing API, so it lives here rather than in Reporting, which no silo loads.
/// </summary>
public static class LeaderboardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    /// <summary>A flat view of an entry: identity, config, current scores, the scoring history.</summary>
    public static object View(LeaderboardEntry e) => new
    {
        entry_id = e.EntryId,
        base_model = e.BaseModel,
        target_task = e.TargetTask,
        source_tasks = e.Config.SourceTasks,
        method = e.Method,
        hyperparameters = e.Config.Hyperparameters,
        seed = e.Seed,
        sweep_ids = e.SweepIds,
        trial_kind = e.Config.ExecutorKind,
        adapter_key = e.AdapterKey,
        suite_version = e.SuiteVersion,
        source = e.Source,
        target = e.Target,
        avg = e.Avg,
        tasks = e.Current.Tasks.Select(t => new { task = t.Task, metric = t.Metric, score = t.Score, is_target = t.IsTarget, samples = t.Samples }),
        created_utc = e.CreatedUtc,
        updated_utc = e.UpdatedUtc,
        history = e.History.Select(h => new { suite_version = h.SuiteVersion, source = h.Source, target = h.Target, avg = h.Avg, scored_utc = h.ScoredUtc, origin = h.Origin }),
    };

    public static object View(LeaderboardPage page) => new
    {
        entries = page.Entries.Select(View),
        next = page.Next?.ToString(),
        partitions_read = page.PartitionsRead,
        partitions_total = page.PartitionsTotal,
    };

    public static object View(ImmutableArray<LeaderboardEntry> entries) => new { entries = entries.Select(View) };
}
