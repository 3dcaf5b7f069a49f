using LoRASculpt.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;

namespace LoRASculpt.Storage.Tests.Sqlite;

/// <summary>The provider registered through its silo-builder extension, inside a real in-process silo.</summary>
public sealed class SqliteGrainStorageSiloTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static InProcessTestCluster Cluster(Action<ISiloBuilder> configure)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => configure(silo));
        return builder.Build();
    }

    [Fact]
    public async Task Grain_state_survives_a_silo_restart()
    {
        var path = Path.Combine(_directory.Path, "grains.db");

        await using (var first = Cluster(silo => silo.AddSqliteGrainStorageAsDefault(o => o.DatabasePath = path)))
        {
            await first.DeployAsync();
            var grain = first.Client.GetGrain<IStorageProbeGrain>("trial-1");
            await grain.Save("saved before restart", 4);
            await first.Client.GetGrain<IStorageProbeGrain>("trial-2").Save("other", 1);
            await first.Client.GetGrain<IStorageProbeGrain>("trial-2").Clear();
        }

        await using var second = Cluster(silo => silo.AddSqliteGrainStorageAsDefault(o => o.DatabasePath = path));
        await second.DeployAsync();
        var restored = await second.Client.GetGrain<IStorageProbeGrain>("trial-1").Load();
        Assert.Equal("saved before restart", restored.Name);
        Assert.Equal(4, restored.Attempt);
        Assert.Equal("", (await second.Client.GetGrain<IStorageProbeGrain>("trial-2").Load()).Name);
    }

    [Fact]
    public async Task Reminders_and_grain_state_share_one_file_and_survive_a_silo_restart()
    {
        var path = Path.Combine(_directory.Path, "embedded.db");
        void Embedded(ISiloBuilder silo) => silo
            .AddSqliteGrainStorageAsDefault(o => o.DatabasePath = path)
            .UseSqliteReminderService(o => o.DatabasePath = path);

        await using (var first = Cluster(Embedded))
        {
            await first.DeployAsync();
            await first.Client.GetGrain<IReminderProbeGrain>("sweep-1").Register("poll", TimeSpan.FromMinutes(30));
            await first.Client.GetGrain<IReminderProbeGrain>("sweep-1").Register("report", TimeSpan.FromMinutes(45));
            await first.Client.GetGrain<IStorageProbeGrain>("trial-1").Save("with reminders", 1);
        }

        await using var second = Cluster(Embedded);
        await second.DeployAsync();
        Assert.Equal(["poll", "report"], await second.Client.GetGrain<IReminderProbeGrain>("sweep-1").RegisteredNames());
        Assert.Equal("with reminders", (await second.Client.GetGrain<IStorageProbeGrain>("trial-1").Load()).Name);
    }

    [Fact]
    public async Task A_missing_database_path_stops_the_silo_at_start_with_a_clear_message()
    {
        await using var cluster = Cluster(silo => silo.AddSqliteGrainStorage("Default", _ => { }));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.DeployAsync());
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains("SQLite grain storage 'Default': DatabasePath is required", messages);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                    yield return inner;
        }
    }
}
