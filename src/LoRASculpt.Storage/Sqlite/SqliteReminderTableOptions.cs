using Orleans.Runtime;

namespace LoRASculpt.Storage.Sqlite;

/// <summary>Options of <see cref="SqliteReminderTable"/>. The file may be the grain storage's: the tables differ.</summary>
public sealed class SqliteReminderTableOptions
{
    /// <summary>The SQLite database file; its directory is created when missing. Required.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How long a connection waits for another writer's lock before failing (SQLite busy_timeout).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="OrleansConfigurationException"/> naming the setting when the options are unusable.</summary>
    public void Validate()
    {
        const string prefix = "SQLite reminder table:";
        if (string.IsNullOrWhiteSpace(DatabasePath))
            throw new OrleansConfigurationException($"{prefix} {nameof(DatabasePath)} is required (the SQLite file that keeps reminders).");
        if (Directory.Exists(Path.GetFullPath(DatabasePath)))
            throw new OrleansConfigurationException($"{prefix} {nameof(DatabasePath)} '{DatabasePath}' is a directory; give a file path.");
        if (BusyTimeout <= TimeSpan.Zero)
            throw new OrleansConfigurationException($"{prefix} {nameof(BusyTimeout)} must be positive, got {BusyTimeout}.");
    }
}
