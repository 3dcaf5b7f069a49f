using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace LoRASculpt.Storage.Sqlite;

/// <summary>
/// Durable Orleans reminders in SQLite for the embedded single-silo mode: table reminders(grain_id, reminder_name,
/// grain_hash, start_at_ticks, period_ticks, etag), primary key (grain_id, reminder_name). grain_hash is the
/// grain's uniform hash so the reminder service can read the ring range it owns.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id       TEXT    NOT NULL,
            reminder_name  TEXT    NOT NULL,
            grain_hash     INTEGER NOT NULL,
            start_at_ticks INTEGER NOT NULL,
            period_ticks   INTEGER NOT NULL,
            etag           TEXT    NOT NULL,
            PRIMARY KEY (grain_id, reminder_name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash);
        """;

    private const string Columns = "grain_id, reminder_name, start_at_ticks, period_ticks, etag";

    private readonly SqliteConnectionFactory _connections;

    public SqliteReminderTable(IOptions<SqliteReminderTableOptions> options)
    {
        options.Value.Validate();
        _connections = new SqliteConnectionFactory(options.Value.DatabasePath, options.Value.BusyTimeout, Schema);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _connections.EnsureInitializedAsync(cancellationToken);

    public Task Init() => StartAsync();

    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        _connections.ClearPool();
        return Task.CompletedTask;
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM reminders WHERE grain_id = $grain;", c => c.Parameters.AddWithValue("$grain", grainId.ToString()), cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>Hashes in (begin, end]; when begin &gt;= end the range wraps around the ring.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var condition = begin < end ? "grain_hash > $begin AND grain_hash <= $end" : "grain_hash > $begin OR grain_hash <= $end";
        return QueryAsync($"SELECT {Columns} FROM reminders WHERE {condition};", c =>
        {
            c.Parameters.AddWithValue("$begin", (long)begin);
            c.Parameters.AddWithValue("$end", (long)end);
        }, cancellationToken);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <summary>Null when there is no such reminder (as Orleans' own tables return).</summary>
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM reminders WHERE grain_id = $grain AND reminder_name = $name;", c =>
        {
            c.Parameters.AddWithValue("$grain", grainId.ToString());
            c.Parameters.AddWithValue("$name", reminderName);
        }, cancellationToken);
        return rows.Reminders.FirstOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = Guid.NewGuid().ToString("N");
        await StartAsync(cancellationToken);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_at_ticks, period_ticks, etag)
            VALUES ($grain, $name, $hash, $start, $period, $etag)
            ON CONFLICT (grain_id, reminder_name) DO UPDATE SET
                start_at_ticks = excluded.start_at_ticks, period_ticks = excluded.period_ticks, etag = excluded.etag;
            """;
        command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
        command.Parameters.AddWithValue("$period", entry.Period.Ticks);
        command.Parameters.AddWithValue("$etag", etag);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return etag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <summary>False when the reminder is gone or was re-registered since <paramref name="eTag"/> was read.</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE grain_id = $grain AND reminder_name = $name AND etag = $etag;";
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$etag", eTag);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<ReminderTableData> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }
        return new ReminderTableData(entries);
    }
}
