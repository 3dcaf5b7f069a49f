namespace LoRASculpt.TestSupport;

/// <summary>Finds the repository from the test binaries, so tests can run infra scripts and built silos.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string AzuriteScript => Path.Combine(Root, "infra", "azurite.sh");

    /// <summary>Debug or Release: the configuration these tests were built in (the silo is built alongside).</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "infra", "azurite.sh")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No infra/azurite.sh above {AppContext.BaseDirectory}.");
    }
}
