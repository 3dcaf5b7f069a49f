namespace LoRASculpt.Training.Tests.Datasets;

/// <summary>A fresh temp folder for one test's data files, deleted on dispose.</summary>
internal sealed class DataFolder : IDisposable
{
    /// <summary>
    /// A valid 1x1 red RGB PNG (signature, IHDR, zlib IDAT, IEND with CRCs), from tools/one_pixel_png.py.
    /// </summary>
    public static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP4z8AAAAMBAQD3A0FDAAAAAElFTkSuQmCC");

    public DataFolder() => Root = Directory.CreateTempSubdirectory("lorasculpt-data-").FullName;

    public string Root { get; }

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Png(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, OnePixelPng);
        return path;
    }

    public string Folder(string relativePath) => Directory.CreateDirectory(Path.Combine(Root, relativePath)).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
