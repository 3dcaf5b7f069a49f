namespace LoRASculpt.Contracts.Trials;

/// <summary>The trial state machine: Queued -> Training -> Evaluating -> Completed | Failed | Cancelled; Training -> StoppedEarly.</summary>
[GenerateSerializer]
public enum TrialStatus
{
    Queued = 0,
    Training = 1,
    Evaluating = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
    /// <summary>
    /// Stopped by its sweep's early termination (<c>early_terminate</c>) while training: its result is its last
    /// forgetting-curve point, it is never re-run, and it is not a failure.
    /// </summary>
    StoppedEarly = 6,
}

public static class TrialStatusExtensions
{
    /// <summary>Completed, failed and stopped-early trials are never re-run; cancelled ones are re-run by a resume.</summary>
    public static bool IsTerminal(this TrialStatus status) =>
        status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Cancelled or TrialStatus.StoppedEarly;

    /// <summary>How tables, CSV and JSON spell the status: "completed", ..., "stopped early".</summary>
    public static string Display(this TrialStatus status) =>
        status == TrialStatus.StoppedEarly ? "stopped early" : status.ToString().ToLowerInvariant();
}
