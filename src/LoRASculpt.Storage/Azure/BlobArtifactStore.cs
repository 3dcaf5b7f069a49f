using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LoRASculpt.Contracts.Execution;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Storage.Azure;

/// <summary>
/// <see cref="IArtifactStore"/> on one Azure Blob container: blob name = validated artifact key,
/// so sweep-file values never reach the service unchecked. The container is created on first use;
/// writes overwrite, like files.
/// </summary>
public sealed class BlobArtifactStore : IArtifactStore
{
    private readonly BlobContainerClient _container;
    private readonly SemaphoreSlim _ensureLock = new(1, 1);
    private volatile bool _containerReady;

    public BlobArtifactStore(IOptions<BlobArtifactStoreOptions> options)
        : this(CreateContainerClient(options.Value))
    {
    }

    public BlobArtifactStore(BlobContainerClient container) => _container = container;

    public string ContainerName => _container.Name;

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = await BlobAsync(key, cancellationToken).ConfigureAwait(false);
        await Guard("write", key, () => blob.UploadAsync(content, overwrite: true, cancellationToken)).ConfigureAwait(false);
    }

    public async Task<bool> TryCreateAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = await BlobAsync(key, cancellationToken).ConfigureAwait(false);
        var ifAbsent = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        try
        {
            await blob.UploadAsync(content, ifAbsent, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
        catch (RequestFailedException e)
        {
            throw Sanitize("write", key, e);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = await BlobAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Sanitize("read", key, e);
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = await BlobAsync(key, cancellationToken).ConfigureAwait(false);
        var exists = await Guard("check", key, () => blob.ExistsAsync(cancellationToken)).ConfigureAwait(false);
        return exists.Value;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = await BlobAsync(key, cancellationToken).ConfigureAwait(false);
        await Guard("delete", key, () => blob.DeleteIfExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Keys starting with <paramref name="prefix"/> ("" lists all), in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        try
        {
            var options = new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix };
            await foreach (var item in _container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
                keys.Add(item.Name);
        }
        catch (RequestFailedException e)
        {
            throw Sanitize("list", prefix, e);
        }
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>A prefix is a key, possibly ending in '/', or empty: ".." can never reach the service.</summary>
    internal static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
            return;
        ArtifactKey.Validate(prefix.EndsWith('/') ? prefix[..^1] : prefix);
    }

    private async Task<BlobClient> BlobAsync(string key, CancellationToken cancellationToken)
    {
        ArtifactKey.Validate(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        return _container.GetBlobClient(key);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady)
            return;
        await _ensureLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_containerReady)
                return;
            await Guard("create the container for", _container.Name,
                () => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
            _containerReady = true;
        }
        finally
        {
            _ensureLock.Release();
        }
    }

    private static async Task<T> Guard<T>(string operation, string key, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Sanitize(operation, key, e);
        }
    }

    private static ArtifactStorageException Sanitize(string operation, string key, RequestFailedException e) =>
        new($"Blob storage could not {operation} artifact '{key}': status {e.Status}, error code {e.ErrorCode ?? "none"}.",
            e.Status, e.ErrorCode);

    private static BlobContainerClient CreateContainerClient(BlobArtifactStoreOptions options)
    {
        BlobServiceClient service;
        try
        {
            service = new BlobServiceClient(options.ConnectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The parser's message may echo the string: report the key name only.
            throw new InvalidOperationException("Artifacts:ConnectionString is not a valid Azure Storage connection string.");
        }
        return service.GetBlobContainerClient(options.ContainerName);
    }
}
