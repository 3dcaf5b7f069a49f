namespace LoRASculpt.Storage.Azure;

/// <summary>
/// A storage failure with a message safe to log: the operation, key, HTTP status and service error
/// code, never the account key, a SAS token or the connection string. The Azure SDK exception is
/// deliberately not attached as the inner exception, because its text carries request URIs and headers.
/// </summary>
public sealed class ArtifactStorageException(string message, int status, string? errorCode) : IOException(message)
{
    /// <summary>HTTP status from the service (0 when there was no response).</summary>
    public int Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;

    /// <summary>Server busy, timeouts, no response: the caller may retry with backoff.</summary>
    public bool IsTransient => Status is 0 or 408 or 429 or >= 500;
}
