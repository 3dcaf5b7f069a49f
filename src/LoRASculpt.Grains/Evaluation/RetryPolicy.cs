using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Grains.Evaluation;

/// <summary>
/// When a failed job is retried, and after how long: a deterministic failure never (retrying cannot help), a transient
/// one until the job (or the trial) has failed <see cref="MaxAttempts"/> times, each wait twice the last.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstBackoff)
{
    /// <summary>True when the owner should give up after its <paramref name="failures"/>-th failure of <paramref name="kind"/>.</summary>
    public bool GivesUp(JobFailureKind kind, int failures) =>
        kind == JobFailureKind.Deterministic || failures >= MaxAttempts;

    /// <summary>How long to wait before the retry that follows the <paramref name="failures"/>-th failure (1-based).</summary>
    public TimeSpan Backoff(int failures) => FirstBackoff * Math.Pow(2, Math.Max(0, failures - 1));
}
