using Orleans;
using Orleans.Runtime;

namespace LoRASculpt.Storage.Sqlite;

/// <summary>Rejects unusable options when the silo starts, naming the provider and the setting.</summary>
public sealed class SqliteGrainStorageOptionsValidator(SqliteGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var prefix = $"SQLite grain storage '{name}':";
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
            throw new OrleansConfigurationException($"{prefix} {nameof(options.DatabasePath)} is required (the SQLite file that keeps grain state).");
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(options.DatabasePath);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new OrleansConfigurationException($"{prefix} {nameof(options.DatabasePath)} '{options.DatabasePath}' is not a valid path: {e.Message}", e);
        }
        if (Directory.Exists(fullPath))
            throw new OrleansConfigurationException($"{prefix} {nameof(options.DatabasePath)} '{fullPath}' is a directory; give a file path such as '{Path.Combine(fullPath, "grains.db")}'.");
        if (options.BusyTimeout <= TimeSpan.Zero)
            throw new OrleansConfigurationException($"{prefix} {nameof(options.BusyTimeout)} must be positive, got {options.BusyTimeout}.");
        if (options.GrainStorageSerializer is null)
            throw new OrleansConfigurationException($"{prefix} no {nameof(options.GrainStorageSerializer)} is configured.");
    }
}
