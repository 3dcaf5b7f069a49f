using Orleans;
using Orleans.Storage;

namespace LoRASculpt.Storage.Sqlite;

/// <summary>Options of one named <see cref="SqliteGrainStorage"/> provider.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The SQLite database file; its directory is created when missing. Required.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How long a connection waits for another writer's lock before failing (SQLite busy_timeout).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Silo lifecycle stage at which the schema is created (and the file opened, failing fast).</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>Defaults to Orleans' binary serializer (<see cref="OrleansGrainStorageSerializer"/>), not the silo's JSON default.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
