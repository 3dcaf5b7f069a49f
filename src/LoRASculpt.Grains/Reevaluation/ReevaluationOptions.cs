using System.ComponentModel.DataAnnotations;

namespace LoRASculpt.Grains.Reevaluation;

/// <summary>Timing of scheduled re-evaluation, and optional suite version overrides. Validated at silo start.</summary>
public sealed class ReevaluationOptions
{
    public const string Section = "Reevaluation";

    /// <summary>Reminder period: how late after its cron time a run may start (Orleans' minimum is one minute unless lowered).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan TickPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a running run checks its eval shards.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a running run re-queues shards without an outcome (lost jobs, a restarted scheduler).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RequeueInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A run still unfinished after this is closed as incomplete.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Times one shard job of an entry may fail transiently before the run gives the entry up (deterministic failures: at once).</summary>
    [Range(1, 100)]
    public int MaxAttemptsPerEntry { get; set; } = 3;

    /// <summary>Entries one run takes at most (bounds the schedule's state; later runs take the rest).</summary>
    [Range(1, 10_000)]
    public int MaxEntriesPerRun { get; set; } = 200;

    /// <summary>Finished runs a schedule remembers.</summary>
    [Range(1, 1000)]
    public int RecentRuns { get; set; } = 10;

    /// <summary>
    /// Overrides of the current suite version per executor kind. Empty by default: each executor reports its own
    /// (<see cref="Contracts.Execution.IJobExecutorFactory.SuiteVersion"/>); an override serves a silo that hosts
    /// schedules without that executor, or pins a version. A run skips entries already scored on it.
    /// </summary>
    public Dictionary<string, string> SuiteVersions { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The clock re-evaluation schedules read (a <see cref="TimeProvider"/> of their own, so tests can fake it without faking Orleans' timers).</summary>
public sealed class ReevaluationClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTime UtcNow => Time.GetUtcNow().UtcDateTime;
}
