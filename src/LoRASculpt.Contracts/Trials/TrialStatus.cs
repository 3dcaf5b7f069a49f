namespace LoRASculpt.Contracts.Trials;

/// <summary>The trial state machine: Queued -> Training -> Evaluating -> Completed | Failed | Cancelled.</summary>
[GenerateSerializer]
public enum TrialStatus
{
    Queued = 0,
    Training = 1,
    Evaluating = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
}

public static class TrialStatusExtensions
{
    /// <summary>Completed and failed trials are never re-run; cancelled ones are re-run by a resume.</summary>
    public static bool IsTerminal(this TrialStatus status) =>
        status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Cancelled;
}
