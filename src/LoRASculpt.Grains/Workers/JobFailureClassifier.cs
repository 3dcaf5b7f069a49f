using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Grains.Workers;

/// <summary>Whether a failed job may be retried: retrying a deterministic failure would only fail again.</summary>
internal static class JobFailureClassifier
{
    /// <summary>Executors say what kind of failure they hit; otherwise I/O and timeouts may pass, anything else will repeat.</summary>
    public static (JobFailureKind Kind, string Reason) Classify(Exception e) => e switch
    {
        JobFailedException failed => (failed.Kind, failed.Message),
        IOException or TimeoutException => (JobFailureKind.Transient, $"{e.GetType().Name}: {e.Message}"),
        _ => (JobFailureKind.Deterministic, $"{e.GetType().Name}: {e.Message}"),
    };
}
