namespace LoRASculpt.Contracts.Execution;

/// <summary>
/// Blobs addressed by keys such as "adapters/{trialId}/{attempt}/adapter.safetensors".
/// Files under a data directory in embedded mode, Azure Blob storage in a cluster.
/// Keys are validated with <see cref="ArtifactKey.Validate"/>: values from sweep files never
/// become raw paths.
/// </summary>
public interface IArtifactStore
{
    Task WriteAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes only when the key does not exist yet; false when it already did (the first writer wins, atomically),
    /// so writers that race to produce the same artifact all end up using one copy.
    /// </summary>
    Task<bool> TryCreateAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Null when the key does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
