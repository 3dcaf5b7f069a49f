namespace LoRASculpt.Architecture.Tests;

internal static class RepositoryRoot
{
    public const string Solution = "LoRASculpt.Orleans.sln";

    /// <summary>The folder holding the solution, found upwards from the test assembly (bin/Debug/net10.0 under tests/).</summary>
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Solution)))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No {Solution} above {AppContext.BaseDirectory}.");
    }
}
