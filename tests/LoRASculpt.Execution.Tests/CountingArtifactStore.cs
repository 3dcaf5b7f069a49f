using System.Collections.Concurrent;
using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Execution.Tests;

/// <summary>A real store that also counts how often each key was opened for reading (downloads).</summary>
internal sealed class CountingArtifactStore(IArtifactStore inner) : IArtifactStore
{
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);

    public int Reads(string key) => _reads.GetValueOrDefault(key);

    public int TotalReads => _reads.Values.Sum();

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        _reads.AddOrUpdate(key, 1, (_, n) => n + 1);
        return inner.OpenReadAsync(key, cancellationToken);
    }

    public Task WriteAsync(string key, Stream content, CancellationToken cancellationToken = default) => inner.WriteAsync(key, content, cancellationToken);

    public Task<bool> TryCreateAsync(string key, Stream content, CancellationToken cancellationToken = default) => inner.TryCreateAsync(key, content, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
}
