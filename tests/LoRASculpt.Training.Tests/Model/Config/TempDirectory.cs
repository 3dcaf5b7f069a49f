namespace LoRASculpt.Training.Tests.Model.Config;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lorasculpt-model-" + Guid.NewGuid().ToString("N"));

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public string WriteConfig(string subdirectory, string json)
    {
        var directory = Sub(subdirectory);
        Directory.CreateDirectory(directory);
        File.WriteAllText(System.IO.Path.Combine(directory, "config.json"), json);
        return directory;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
