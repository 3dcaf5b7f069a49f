using System.Text;
using LoRASculpt.Storage.Files;

namespace LoRASculpt.Storage.Tests.Files;

public sealed class FileArtifactStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Root => Path.Combine(_directory.Path, "artifacts");

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<string?> ReadText(FileArtifactStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Write_read_exists_delete_round_trip()
    {
        var store = new FileArtifactStore(Root);
        const string key = "adapters/trial-1/0/adapter.safetensors";

        Assert.False(await store.ExistsAsync(key));
        Assert.Null(await store.OpenReadAsync(key));

        await store.WriteAsync(key, Bytes("first"));
        Assert.True(await store.ExistsAsync(key));
        Assert.Equal("first", await ReadText(store, key));
        Assert.True(File.Exists(Path.Combine(Root, "adapters", "trial-1", "0", "adapter.safetensors")));

        await store.WriteAsync(key, Bytes("second, longer content"));
        Assert.Equal("second, longer content", await ReadText(store, key));

        await store.DeleteAsync(key);
        Assert.False(await store.ExistsAsync(key));
        await store.DeleteAsync(key); // deleting a missing key is not an error
    }

    [Fact]
    public async Task Try_create_writes_only_the_first_copy_of_a_key()
    {
        var store = new FileArtifactStore(Root);
        const string key = "base-models/m/model.safetensors";

        Assert.True(await store.TryCreateAsync(key, Bytes("first")));
        Assert.False(await store.TryCreateAsync(key, Bytes("second")));

        Assert.Equal("first", await ReadText(store, key));
        Assert.Single(Directory.GetFiles(Path.Combine(Root, "base-models", "m"))); // the loser's temporary file is gone
    }

    [Fact]
    public async Task A_directory_is_not_an_artifact()
    {
        var store = new FileArtifactStore(Root);
        await store.WriteAsync("a/b", Bytes("x"));
        Assert.False(await store.ExistsAsync("a"));
        Assert.Null(await store.OpenReadAsync("a"));
    }

    [Fact]
    public async Task List_filters_by_string_prefix_in_ordinal_order()
    {
        var store = new FileArtifactStore(Root);
        foreach (var key in new[] { "adapters/t2/0/a.bin", "adapters/t1/1/a.bin", "adapters/t1/0/a.bin", "adapters/t10/0/a.bin", "results/t1.json" })
            await store.WriteAsync(key, Bytes(key));

        Assert.Equal(["adapters/t1/0/a.bin", "adapters/t1/1/a.bin"], await store.ListAsync("adapters/t1/"));
        Assert.Equal(["adapters/t1/0/a.bin", "adapters/t1/1/a.bin", "adapters/t10/0/a.bin"], await store.ListAsync("adapters/t1"));
        Assert.Equal(5, (await store.ListAsync("")).Count);
        Assert.Equal(["results/t1.json"], await store.ListAsync("res"));
        Assert.Empty(await store.ListAsync("missing/"));
    }

    [Fact]
    public async Task Temporary_files_of_an_interrupted_write_are_never_keys()
    {
        var store = new FileArtifactStore(Root);
        await store.WriteAsync("adapters/t1/adapter.bin", Bytes("complete"));
        // What a kill -9 in the middle of a write leaves behind: a partial temporary file beside the target.
        var orphan = Path.Combine(Root, "adapters", "t1", "adapter.bin~partial-0123456789abcdef");
        await File.WriteAllTextAsync(orphan, "half");

        Assert.Equal(["adapters/t1/adapter.bin"], await store.ListAsync(""));
        Assert.Equal("complete", await ReadText(store, "adapters/t1/adapter.bin"));
    }

    [Fact]
    public async Task A_write_frozen_half_way_is_invisible_until_it_completes()
    {
        // Freezing the source mid-copy is the state a kill -9 would leave on disk.
        var store = new FileArtifactStore(Root);
        await store.WriteAsync("a/model.bin", Bytes("old"));
        var source = new GatedStream(firstChunk: 70_000, total: 140_000);

        var write = store.WriteAsync("a/model.bin", source);
        await source.FirstChunkServed.Task;

        Assert.Single(Directory.GetFiles(Path.Combine(Root, "a"), "*~partial-*")); // the half-written bytes exist...
        Assert.Equal("old", await ReadText(store, "a/model.bin"));              // ...but no key shows them
        Assert.Equal(["a/model.bin"], await store.ListAsync(""));

        source.Release.SetResult();
        await write;
        await using var stream = await store.OpenReadAsync("a/model.bin");
        Assert.Equal(140_000, stream!.Length);
    }

    [Fact]
    public async Task Old_orphaned_temporary_files_are_removed_and_recent_ones_kept()
    {
        var store = new FileArtifactStore(Root);
        await store.WriteAsync("a/model.bin", Bytes("kept"));
        var old = Path.Combine(Root, "a", "model.bin~partial-old");
        var recent = Path.Combine(Root, "a", "model.bin~partial-recent");
        await File.WriteAllTextAsync(old, "dead writer");
        await File.WriteAllTextAsync(recent, "write in progress");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));

        Assert.Equal(1, store.RemoveOrphanedPartialFiles(TimeSpan.FromHours(1)));
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        Assert.Equal("kept", await ReadText(store, "a/model.bin"));
    }

    [Fact]
    public async Task A_failing_source_stream_leaves_the_previous_artifact_intact_and_no_temporary_file()
    {
        var store = new FileArtifactStore(Root);
        await store.WriteAsync("a/model.bin", Bytes("old"));

        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync("a/model.bin", new FailingStream(bytesBeforeFailure: 100_000)));

        Assert.Equal("old", await ReadText(store, "a/model.bin"));
        Assert.Equal(["model.bin"], Directory.GetFiles(Path.Combine(Root, "a")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../b")]
    [InlineData("a/./b")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a\\..\\b")]
    [InlineData("a/b c")]
    public async Task Traversal_and_malformed_keys_are_rejected(string key)
    {
        var store = new FileArtifactStore(Root);
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(key, Bytes("x")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ExistsAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key));
        Assert.False(File.Exists(Path.Combine(_directory.Path, "x")));
    }

    [Fact]
    public async Task List_rejects_traversal_prefixes()
    {
        var store = new FileArtifactStore(Root);
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync("../"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync("/etc"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync("a/../../"));
    }

    [Fact]
    public async Task Symbolic_links_under_the_root_are_not_followed()
    {
        var outside = Path.Combine(_directory.Path, "outside");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "secret"), "secret");
        Directory.CreateDirectory(Root);
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape"), outside);
        var store = new FileArtifactStore(Root);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => store.OpenReadAsync("escape/secret"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => store.WriteAsync("escape/new", Bytes("x")));
        Assert.False(File.Exists(Path.Combine(outside, "new")));
        Assert.Empty(await store.ListAsync(""));
    }

    /// <summary>Serves <c>firstChunk</c> bytes, then waits for <see cref="Release"/> before serving the rest.</summary>
    private sealed class GatedStream(int firstChunk, int total) : Stream
    {
        private int _served;

        public TaskCompletionSource FirstChunkServed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_served == firstChunk)
            {
                FirstChunkServed.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }
            var limit = _served < firstChunk ? firstChunk : total;
            var n = Math.Min(buffer.Length, limit - _served);
            buffer.Span[..n].Fill(1);
            _served += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Yields zeros, then fails: a writer that dies mid-stream.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _remaining = bytesBeforeFailure;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_remaining == 0)
                throw new IOException("source failed");
            var n = Math.Min(count, _remaining);
            Array.Clear(buffer, offset, n);
            _remaining -= n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
