using Microsoft.Data.Sqlite;

namespace LoRASculpt.Storage.Sqlite;

/// <summary>
/// Opens pooled connections to one SQLite file with the settings every connection needs.
/// WAL lets readers run while one writer commits; synchronous=NORMAL is durable across process
/// kills in WAL mode (only an OS crash can lose the last commits); busy_timeout makes concurrent
/// writers wait for the lock instead of failing.
/// </summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly string _schema;
    private readonly SemaphoreSlim _initializationLock = new(1, 1);
    private volatile bool _initialized;

    /// <param name="schema">Idempotent DDL (CREATE ... IF NOT EXISTS) run once before first use.</param>
    public SqliteConnectionFactory(string databasePath, TimeSpan busyTimeout, string schema)
    {
        _schema = schema;
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
        _pragmas = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;";
    }

    public string DatabasePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates the directory, switches the file to WAL (a persistent setting) and runs the schema, once;
    /// later calls return at once. A failed attempt is retried by the next call.
    /// </summary>
    public async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
            return;
        await _initializationLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
                return;
            var directory = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; " + _schema;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initializationLock.Release();
        }
    }

    /// <summary>Closes the pooled connections so the file can be moved or deleted.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
