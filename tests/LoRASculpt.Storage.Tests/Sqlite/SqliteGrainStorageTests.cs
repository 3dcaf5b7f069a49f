using System.Collections.Immutable;
using LoRASculpt.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace LoRASculpt.Storage.Tests.Sqlite;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(StoredTestState).Assembly))
        .BuildServiceProvider();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _services.Dispose();
        _directory.Dispose();
    }

    private string DatabasePath => Path.Combine(_directory.Path, "data", "grains.db");

    private SqliteGrainStorage NewStorage(string? path = null) =>
        new("test",
            new SqliteGrainStorageOptions
            {
                DatabasePath = path ?? DatabasePath,
                GrainStorageSerializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
            },
            _services.GetRequiredService<IActivatorProvider>(),
            NullLogger<SqliteGrainStorage>.Instance);

    private static readonly GrainId Grain = GrainId.Create("trial", "sweep-1/trial-7");

    private static StoredTestState Sample => new()
    {
        Name = "lorasculpt r=32",
        Attempt = 2,
        Scores = [56.1, 85.26, 70.68],
        Notes = ImmutableSortedDictionary<string, string>.Empty.Add("cmr", "mean").Add("beta", "1e-5"),
        UpdatedAt = new DateTimeOffset(2026, 11, 28, 18, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Missing_state_reads_as_a_fresh_instance_without_etag()
    {
        var storage = NewStorage();
        var state = new GrainState<StoredTestState>(Sample) { ETag = "stale", RecordExists = true };

        await storage.ReadStateAsync("trial", Grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal("", state.State!.Name);
        Assert.True(File.Exists(DatabasePath)); // the directory and file were created on first use
    }

    [Fact]
    public async Task Written_state_round_trips_through_the_orleans_serializer()
    {
        var storage = NewStorage();
        var written = new GrainState<StoredTestState>(Sample);
        await storage.WriteStateAsync("trial", Grain, written);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);

        var read = new GrainState<StoredTestState>(new StoredTestState());
        await storage.ReadStateAsync("trial", Grain, read);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(Sample.Name, read.State!.Name);
        Assert.Equal(Sample.Attempt, read.State!.Attempt);
        Assert.Equal(Sample.Scores.ToArray(), read.State!.Scores.ToArray());
        Assert.Equal(Sample.Notes, read.State!.Notes);
        Assert.Equal(Sample.UpdatedAt, read.State!.UpdatedAt);
    }

    [Fact]
    public async Task State_names_and_grains_are_separate_rows()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync("trial", Grain, new GrainState<StoredTestState>(Sample with { Name = "a" }));
        await storage.WriteStateAsync("other", Grain, new GrainState<StoredTestState>(Sample with { Name = "b" }));
        await storage.WriteStateAsync("trial", GrainId.Create("trial", "x"), new GrainState<StoredTestState>(Sample with { Name = "c" }));

        var read = new GrainState<StoredTestState>();
        await storage.ReadStateAsync("trial", Grain, read);
        Assert.Equal("a", read.State!.Name);
        await storage.ReadStateAsync("other", Grain, read);
        Assert.Equal("b", read.State!.Name);
        await storage.ReadStateAsync("trial", GrainId.Create("trial", "x"), read);
        Assert.Equal("c", read.State!.Name);
    }

    [Fact]
    public async Task Each_write_issues_a_new_etag_and_a_stale_etag_is_rejected()
    {
        var storage = NewStorage();
        var first = new GrainState<StoredTestState>(Sample);
        await storage.WriteStateAsync("trial", Grain, first);

        var second = new GrainState<StoredTestState>();
        await storage.ReadStateAsync("trial", Grain, second);
        var staleEtag = first.ETag;
        second.State = Sample with { Attempt = 3 };
        await storage.WriteStateAsync("trial", Grain, second);
        Assert.NotEqual(staleEtag, second.ETag);

        first.State = Sample with { Attempt = 99 };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("trial", Grain, first));
        Assert.Equal(second.ETag, conflict.StoredEtag);
        Assert.Equal(staleEtag, conflict.CurrentEtag);

        var read = new GrainState<StoredTestState>();
        await storage.ReadStateAsync("trial", Grain, read);
        Assert.Equal(3, read.State!.Attempt); // the losing write changed nothing
    }

    [Fact]
    public async Task Inserting_over_an_existing_record_is_a_conflict()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync("trial", Grain, new GrainState<StoredTestState>(Sample));

        var unaware = new GrainState<StoredTestState>(Sample with { Attempt = 5 }); // ETag null: "no record"
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("trial", Grain, unaware));
    }

    [Fact]
    public async Task Clear_removes_the_record_and_checks_the_etag()
    {
        var storage = NewStorage();
        var state = new GrainState<StoredTestState>(Sample);
        await storage.WriteStateAsync("trial", Grain, state);
        var staleEtag = state.ETag;
        await storage.WriteStateAsync("trial", Grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.ClearStateAsync("trial", Grain, new GrainState<StoredTestState> { ETag = staleEtag }));

        await storage.ClearStateAsync("trial", Grain, state);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal("", state.State!.Name);

        var read = new GrainState<StoredTestState>();
        await storage.ReadStateAsync("trial", Grain, read);
        Assert.False(read.RecordExists);

        // After a clear the grain writes again from "no record".
        state.State = Sample;
        await storage.WriteStateAsync("trial", Grain, state);
        await storage.ReadStateAsync("trial", Grain, read);
        Assert.Equal(Sample.Name, read.State!.Name);
    }

    [Fact]
    public async Task State_survives_reopening_the_file()
    {
        var written = new GrainState<StoredTestState>(Sample);
        await NewStorage().WriteStateAsync("trial", Grain, written);
        SqliteConnection.ClearAllPools(); // close every handle, as a process exit would

        var read = new GrainState<StoredTestState>();
        await NewStorage().ReadStateAsync("trial", Grain, read);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(Sample.Scores.ToArray(), read.State!.Scores.ToArray());
    }

    [Fact]
    public async Task Concurrent_writes_of_many_grains_all_land()
    {
        var storage = NewStorage();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("trial", $"t{i}")).ToArray();

        // Every grain writes three times in sequence (as one activation would); grains run in parallel.
        await Task.WhenAll(grains.Select(grain => Task.Run(async () =>
        {
            var state = new GrainState<StoredTestState>();
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                state.State = Sample with { Name = grain.ToString(), Attempt = attempt };
                await storage.WriteStateAsync("trial", grain, state);
            }
        })));

        foreach (var grain in grains)
        {
            var read = new GrainState<StoredTestState>();
            await storage.ReadStateAsync("trial", grain, read);
            Assert.Equal(grain.ToString(), read.State!.Name);
            Assert.Equal(3, read.State!.Attempt);
        }
    }

    [Fact]
    public async Task The_file_is_in_wal_mode()
    {
        await NewStorage().InitializeAsync();
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public void Invalid_options_fail_with_a_message_naming_the_setting()
    {
        var missing = Assert.Throws<OrleansConfigurationException>(() => NewStorage(path: " "));
        Assert.Contains("DatabasePath is required", missing.Message);

        var directory = Assert.Throws<OrleansConfigurationException>(() => NewStorage(path: _directory.Path));
        Assert.Contains("is a directory", directory.Message);
    }
}
