using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace LoRASculpt.Storage.Sqlite;

/// <summary>
/// Orleans grain storage in one SQLite file: table grain_state(state_name, grain_id, etag, payload, updated_utc),
/// primary key (state_name, grain_id). Optimistic concurrency as in Orleans' own providers: a write or clear
/// must present the ETag it read (null for "no record"), otherwise <see cref="InconsistentStateException"/>.
/// Each operation is one autocommit statement, so concurrent writes of different grains never interleave
/// partially and the ETag check and the change happen atomically.
/// </summary>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name  TEXT NOT NULL,
            grain_id    TEXT NOT NULL,
            etag        TEXT NOT NULL,
            payload     BLOB NOT NULL,
            updated_utc TEXT NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        ) WITHOUT ROWID;
        """;

    private readonly string _name;
    private readonly SqliteGrainStorageOptions _options;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly SqliteConnectionFactory _connections;

    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, IActivatorProvider activators, ILogger<SqliteGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        new SqliteGrainStorageOptionsValidator(options, name).ValidateConfiguration();
        _name = name;
        _options = options;
        _activators = activators;
        _logger = logger;
        _connections = new SqliteConnectionFactory(options.DatabasePath, options.BusyTimeout, Schema);
    }

    public string DatabasePath => _connections.DatabasePath;

    /// <summary>
    /// Creates the file and schema. The silo runs it at start; operations call it too (a no-op once done), so the
    /// storage also works outside a silo. A failed attempt is retried by the next call.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _connections.EnsureInitializedAsync(cancellationToken);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT etag, payload FROM grain_state WHERE state_name = $state AND grain_id = $grain;", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            grainState.State = NewState<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var etag = reader.GetString(0);
        var payload = (byte[])reader.GetValue(1);
        grainState.State = _options.GrainStorageSerializer.Deserialize<T>(BinaryData.FromBytes(payload));
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var payload = _options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        var newEtag = Guid.NewGuid().ToString("N");
        await using var connection = await _connections.OpenAsync(cancellationToken);
        // A null ETag means the grain believes there is no record: insert, and lose to any existing row.
        var sql = grainState.ETag is null
            ? """
              INSERT INTO grain_state (state_name, grain_id, etag, payload, updated_utc)
              VALUES ($state, $grain, $new_etag, $payload, $now)
              ON CONFLICT (state_name, grain_id) DO NOTHING;
              """
            : """
              UPDATE grain_state SET etag = $new_etag, payload = $payload, updated_utc = $now
              WHERE state_name = $state AND grain_id = $grain AND etag = $etag;
              """;
        await using var command = Command(connection, sql, stateName, grainId);
        command.Parameters.AddWithValue("$new_etag", newEtag);
        command.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O"));
        command.Parameters.AddWithValue("$etag", (object?)grainState.ETag ?? DBNull.Value);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            throw await ConflictAsync(connection, "write", stateName, grainId, grainState.ETag, cancellationToken);

        grainState.ETag = newEtag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        if (grainState.ETag is null)
        {
            // Clearing a state never stored (or already cleared) is a no-op unless a record appeared meanwhile.
            if (await StoredEtagAsync(connection, stateName, grainId, cancellationToken) is not null)
                throw await ConflictAsync(connection, "clear", stateName, grainId, null, cancellationToken);
        }
        else
        {
            await using var command = Command(connection, "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain AND etag = $etag;", stateName, grainId);
            command.Parameters.AddWithValue("$etag", grainState.ETag);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw await ConflictAsync(connection, "clear", stateName, grainId, grainState.ETag, cancellationToken);
        }
        grainState.State = NewState<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{_name}", _options.InitStage, OnStartAsync, OnStopAsync);

    private async Task OnStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken);
            LogStarted(_name, DatabasePath);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new OrleansConfigurationException($"SQLite grain storage '{_name}' cannot use '{DatabasePath}': {e.Message}", e);
        }
    }

    private Task OnStopAsync(CancellationToken cancellationToken)
    {
        _connections.ClearPool();
        return Task.CompletedTask;
    }

    private T NewState<T>() => _activators.GetActivator<T>().Create();

    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return command;
    }

    private static async Task<string?> StoredEtagAsync(SqliteConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT etag FROM grain_state WHERE state_name = $state AND grain_id = $grain;", stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<InconsistentStateException> ConflictAsync(SqliteConnection connection, string operation, string stateName, GrainId grainId, string? currentEtag, CancellationToken cancellationToken)
    {
        var storedEtag = await StoredEtagAsync(connection, stateName, grainId, cancellationToken);
        LogConflict(_name, operation, stateName, grainId.ToString(), currentEtag ?? "(none)", storedEtag ?? "(none)");
        return new InconsistentStateException(
            $"SQLite grain storage '{_name}': {operation} of state '{stateName}' for grain {grainId} expected ETag {currentEtag ?? "(no record)"} but the stored ETag is {storedEtag ?? "(no record)"}.",
            storedEtag ?? "", currentEtag ?? "");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite grain storage '{Name}' uses {DatabasePath}")]
    private partial void LogStarted(string name, string databasePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite grain storage '{Name}': {Operation} of '{StateName}' for {GrainId} lost an ETag race (grain had {CurrentEtag}, store has {StoredEtag})")]
    private partial void LogConflict(string name, string operation, string stateName, string grainId, string currentEtag, string storedEtag);
}
