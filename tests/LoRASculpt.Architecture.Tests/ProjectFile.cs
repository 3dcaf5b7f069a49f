using System.Xml.Linq;

namespace LoRASculpt.Architecture.Tests;

/// <summary>One project as its csproj declares it: the projects and packages it references directly.</summary>
public sealed record ProjectFile(string Name, string RelativePath, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences)
{
    /// <summary>Reads a csproj's ProjectReference and PackageReference items (conditional ones included: every backend counts).</summary>
    public static ProjectFile Parse(string name, string relativePath, string csprojXml)
    {
        var items = XDocument.Parse(csprojXml).Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference").ToArray();
        string[] Included(string kind) =>
            [.. items.Where(e => e.Name.LocalName == kind).Select(e => (string?)e.Attribute("Include") ?? "").Where(i => i.Length > 0)];
        var projects = Included("ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/'))).Distinct(StringComparer.Ordinal);
        return new ProjectFile(name, relativePath, [.. projects], [.. Included("PackageReference").Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>Every csproj under <c>src/</c> and <c>silos/</c> of the repository at <paramref name="root"/>.</summary>
    public static IReadOnlyList<ProjectFile> LoadProducts(string root) =>
        [.. new[] { "src", "silos" }
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => Parse(
                Path.GetFileNameWithoutExtension(path),
                Path.GetRelativePath(root, Path.GetDirectoryName(path)!).Replace('\\', '/'),
                File.ReadAllText(path)))];
}
