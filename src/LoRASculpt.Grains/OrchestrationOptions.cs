using System.ComponentModel.DataAnnotations;

namespace LoRASculpt.Grains;

/// <summary>Timing and retry policy of the orchestrator. Validated at silo start.</summary>
public sealed class OrchestrationOptions
{
    public const string Section = "Orchestration";

    /// <summary>How long a job's lease lasts without a heartbeat before its trial is told the worker was lost.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often workers renew leases and re-register (must be well under the lease duration).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per trial before a transient failure becomes final.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Backoff before retry n is <c>RetryBackoff * 2^(n-1)</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Minimum time between two progress reports of one worker (throttling).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Intermediate results (a finished training run, an eval shard's predictions) are written to durable
    /// state only when computing them took at least this long; cheaper ones are simply recomputed after a
    /// restart. Final results, failures and cancellations are always written.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CheckpointThreshold { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Resume every running sweep when the scheduler activates (cluster silos: a full restart continues
    /// by itself), reconcile running sweeps every <see cref="ReconcileInterval"/>, and let a re-activated trial
    /// re-queue its pending work. Off for the embedded CLI, where a resume is the user's explicit command.
    /// </summary>
    public bool ResumeSweepsOnStartup { get; set; }

    /// <summary>
    /// How often running sweeps re-check their unfinished trials when <see cref="ResumeSweepsOnStartup"/> is on.
    /// A silo's death deactivates grains elsewhere too (their directory entries lived on it), and with them
    /// pending retry timers and in-flight notifications; this pass is what picks those up again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);
}
