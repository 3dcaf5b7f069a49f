using LoRASculpt.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace LoRASculpt.Storage.Tests.Sqlite;

public sealed class SqliteReminderTableTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private SqliteReminderTable NewTable() =>
        new(Options.Create(new SqliteReminderTableOptions { DatabasePath = Path.Combine(_directory.Path, "embedded.db") }));

    private static ReminderEntry Entry(GrainId grain, string name, int minutes) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 28, 18, 0, 0, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(minutes),
    };

    [Fact]
    public async Task Upsert_read_and_remove_with_etags()
    {
        var table = NewTable();
        await table.StartAsync();
        var grain = GrainId.Create("sweep", "s1");

        var etag = await table.UpsertRow(Entry(grain, "tick", 5));
        var row = await table.ReadRow(grain, "tick");
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(new DateTime(2026, 11, 28, 18, 0, 0, DateTimeKind.Utc), row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(etag, row.ETag);

        var newEtag = await table.UpsertRow(Entry(grain, "tick", 7));
        Assert.NotEqual(etag, newEtag);
        Assert.Equal(TimeSpan.FromMinutes(7), (await table.ReadRow(grain, "tick"))!.Period);

        Assert.False(await table.RemoveRow(grain, "tick", etag!)); // stale etag
        Assert.True(await table.RemoveRow(grain, "tick", newEtag!));
        Assert.Null(await table.ReadRow(grain, "tick"));
        Assert.False(await table.RemoveRow(grain, "tick", newEtag!));
    }

    [Fact]
    public async Task Rows_are_read_by_grain_and_by_hash_range_including_wrap_around()
    {
        var table = NewTable();
        var grains = Enumerable.Range(0, 30).Select(i => GrainId.Create("sweep", $"s{i}")).ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "a", 1));
            await table.UpsertRow(Entry(grain, "b", 2));
        }

        var one = await table.ReadRows(grains[3]);
        Assert.Equal(["a", "b"], one.Reminders.Select(r => r.ReminderName).Order());

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToArray();
        uint begin = hashes[9], end = hashes[19];
        // (begin, end]: grains 10..19 in hash order, two reminders each.
        var inside = await table.ReadRows(begin, end);
        Assert.Equal(20, inside.Reminders.Count);
        Assert.All(inside.Reminders, r => Assert.InRange(r.GrainId.GetUniformHashCode(), begin + 1, end));
        // begin >= end wraps: everything outside (end, begin], i.e. the other 20 grains.
        var wrapped = await table.ReadRows(end, begin);
        Assert.Equal(40, wrapped.Reminders.Count);
        Assert.Empty(wrapped.Reminders.Select(r => r.GrainId).Intersect(inside.Reminders.Select(r => r.GrainId)));
        // begin == end is the whole ring.
        Assert.Equal(60, (await table.ReadRows(begin, begin)).Reminders.Count);
    }

    [Fact]
    public async Task Reminders_survive_reopening_and_clear_empties_the_table()
    {
        var grain = GrainId.Create("sweep", "s1");
        await NewTable().UpsertRow(Entry(grain, "tick", 5));
        SqliteConnection.ClearAllPools();

        var reopened = NewTable();
        Assert.NotNull(await reopened.ReadRow(grain, "tick"));
        await reopened.TestOnlyClearTable();
        Assert.Empty((await reopened.ReadRows(grain)).Reminders);
    }

    [Fact]
    public void Missing_path_is_reported_by_name()
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => new SqliteReminderTable(Options.Create(new SqliteReminderTableOptions())));
        Assert.Contains("DatabasePath is required", error.Message);
    }
}
