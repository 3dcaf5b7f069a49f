using System.Text;
using Azure.Storage.Blobs;
using LoRASculpt.TestSupport.Azurite;
using LoRASculpt.Storage.Azure;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Storage.Tests.Azure;

[Collection(AzuriteFixture.Collection)]
public sealed class BlobArtifactStoreTests(AzuriteFixture azurite)
{
    private readonly BlobContainerClient _container =
        new(azurite.ConnectionString, "artifacts-" + Guid.NewGuid().ToString("N")[..20]);

    private BlobArtifactStore Store() => new(_container);

    [Fact]
    public async Task Write_then_read_returns_the_same_bytes_and_a_second_write_overwrites()
    {
        var store = Store();
        var key = "adapters/trial-1/a1/adapter.safetensors";

        await store.WriteAsync(key, new MemoryStream([1, 2, 3, 250]));
        Assert.Equal(new byte[] { 1, 2, 3, 250 }, await ReadAll(store, key));

        await store.WriteAsync(key, new MemoryStream(Encoding.UTF8.GetBytes("second")));
        Assert.Equal("second", Encoding.UTF8.GetString(await ReadAll(store, key)));
    }

    [Fact]
    public async Task Try_create_writes_only_the_first_copy_of_a_key()
    {
        var store = Store();
        var key = "base-models/m/model.safetensors";

        Assert.True(await store.TryCreateAsync(key, new MemoryStream(Encoding.UTF8.GetBytes("first"))));
        Assert.False(await store.TryCreateAsync(key, new MemoryStream(Encoding.UTF8.GetBytes("second"))));

        Assert.Equal("first", Encoding.UTF8.GetString(await ReadAll(store, key)));
    }

    [Fact]
    public async Task Missing_keys_read_as_null_and_delete_removes_a_key()
    {
        var store = Store();
        var key = "checkpoints/t/a1/step-000010.safetensors";

        Assert.Null(await store.OpenReadAsync(key));
        Assert.False(await store.ExistsAsync(key));

        await store.WriteAsync(key, new MemoryStream([7]));
        Assert.True(await store.ExistsAsync(key));

        await store.DeleteAsync(key);
        Assert.False(await store.ExistsAsync(key));
        Assert.Null(await store.OpenReadAsync(key));
        await store.DeleteAsync(key); // deleting what is gone is not an error
    }

    [Fact]
    public async Task List_returns_exactly_the_keys_under_a_prefix_in_ordinal_order()
    {
        var store = Store();
        string[] keys = ["adapters/t1/a1/adapter.safetensors", "adapters/t1/a2/adapter.safetensors", "adapters/t10/a1/adapter.safetensors", "checkpoints/t1/a1/step-1"];
        foreach (var key in keys.Reverse())
            await store.WriteAsync(key, new MemoryStream([0]));

        Assert.Equal(keys[..2], await store.ListAsync("adapters/t1/"));
        Assert.Equal(keys[..3], await store.ListAsync("adapters/t1"));
        Assert.Equal(keys, await store.ListAsync(""));
        Assert.Empty(await store.ListAsync("results/"));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("adapters/../../etc/passwd")]
    [InlineData("adapters//x")]
    [InlineData("/absolute")]
    [InlineData("adapters/./x")]
    [InlineData("a\\b")]
    [InlineData("name with space")]
    public async Task Traversal_and_malformed_keys_are_rejected_before_any_request(string key)
    {
        var store = Store();

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(key, new MemoryStream([1])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ExistsAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(key));
        // Nothing reached the service: not even the container was created.
        Assert.False((await _container.ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_container_is_created_on_first_use()
    {
        Assert.False((await _container.ExistsAsync()).Value);

        await Store().WriteAsync("base-models/m/model.safetensors", new MemoryStream([1]));

        Assert.True((await _container.ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_storage_failure_reports_status_without_the_account_key()
    {
        // A valid-looking key that is not Azurite's: every request is refused with 403.
        var wrongKey = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray());
        var badConnection = azurite.ConnectionString.Replace(AccountKey(azurite.ConnectionString), wrongKey, StringComparison.Ordinal);
        var store = new BlobArtifactStore(Options.Create(new BlobArtifactStoreOptions { ConnectionString = badConnection, ContainerName = _container.Name }));

        var error = await Assert.ThrowsAsync<ArtifactStorageException>(() => store.WriteAsync("a/b", new MemoryStream([1])));

        Assert.Equal(403, error.Status);
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", error.ToString(), StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void A_malformed_connection_string_is_reported_by_key_not_by_value()
    {
        var secretish = "AccountName=x;AccountKey=not-base64-secret-value;Garbage";

        var error = Assert.Throws<InvalidOperationException>(() =>
            new BlobArtifactStore(Options.Create(new BlobArtifactStoreOptions { ConnectionString = secretish })));

        Assert.Equal("Artifacts:ConnectionString is not a valid Azure Storage connection string.", error.Message);
        Assert.Null(error.InnerException);
    }

    private static string AccountKey(string connectionString) =>
        connectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];

    private static async Task<byte[]> ReadAll(BlobArtifactStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key) ?? throw new InvalidOperationException($"{key} is missing");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
