namespace LoRASculpt.Hosting;

/// <summary>Where embedded mode keeps its state (state.db) and artifacts: option, else environment, else ~/.lorasculpt.</summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "LORASCULPT_DATA_DIR";

    public static string Resolve(string? configured = null)
    {
        var chosen = !string.IsNullOrWhiteSpace(configured)
            ? configured
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lorasculpt");
        return Path.GetFullPath(chosen);
    }

    public static string StateDatabase(string dataDirectory) => Path.Combine(dataDirectory, "state.db");

    public static string Artifacts(string dataDirectory) => Path.Combine(dataDirectory, "artifacts");
}
