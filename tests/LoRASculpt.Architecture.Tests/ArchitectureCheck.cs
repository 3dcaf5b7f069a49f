namespace LoRASculpt.Architecture.Tests;

/// <summary>
/// Compares the project graph with the README's Layout table. Each violation is one line naming the project and the
/// reference, so a failing test says what to fix: the reference, or the table.
/// </summary>
public static class ArchitectureCheck
{
    private const string ProductPrefix = "LoRASculpt.";

    public static IReadOnlyList<string> Violations(IReadOnlyList<ProjectFile> projects, LayoutTable table)
    {
        var violations = new List<string>();
        var rows = table.Projects.ToDictionary(r => r.Path, StringComparer.Ordinal);
        foreach (var project in projects)
        {
            if (!rows.TryGetValue(project.RelativePath, out var row))
            {
                violations.Add($"{project.Name} ({project.RelativePath}) is missing from README.md's Layout table.");
                continue;
            }
            violations.AddRange(Undeclared(project, row));
            violations.AddRange(Unused(project, row));
        }
        var paths = projects.Select(p => p.RelativePath).ToHashSet(StringComparer.Ordinal);
        violations.AddRange(table.Projects.Where(r => !paths.Contains(r.Path)).Select(r => $"README.md's Layout table lists {r.Path}, which has no project."));
        violations.AddRange(Confinement(projects, table.Confinements));
        return violations;
    }

    /// <summary>The short name the table uses: "Core" for LoRASculpt.Core.</summary>
    public static string ShortName(string projectName) =>
        projectName.StartsWith(ProductPrefix, StringComparison.Ordinal) ? projectName[ProductPrefix.Length..] : projectName;

    /// <summary>A listed package id allows itself and its sub-packages: "Microsoft.Orleans" allows "Microsoft.Orleans.Server".</summary>
    public static bool Allows(string listed, string package) =>
        package.Equals(listed, StringComparison.OrdinalIgnoreCase)
        || (package.StartsWith(listed, StringComparison.OrdinalIgnoreCase) && package[listed.Length] is '.' or '-');

    private static IEnumerable<string> Undeclared(ProjectFile project, LayoutRow row)
    {
        foreach (var reference in project.ProjectReferences.Where(r => !row.DependsOn.Contains(ShortName(r), StringComparer.Ordinal)))
            yield return $"{project.Name} references project {reference}, which README.md's Layout table does not allow (depends on: {Listed(row)}).";
        foreach (var package in project.PackageReferences.Where(p => !row.DependsOn.Any(d => Allows(d, p))))
            yield return $"{project.Name} references package {package}, which README.md's Layout table does not allow (depends on: {Listed(row)}).";
    }

    /// <summary>A listed dependency nothing uses is a stale table: the reader would believe a reference that is not there.</summary>
    private static IEnumerable<string> Unused(ProjectFile project, LayoutRow row) =>
        row.DependsOn
            .Where(d => !project.ProjectReferences.Any(r => ShortName(r) == d) && !project.PackageReferences.Any(p => Allows(d, p)))
            .Select(d => $"README.md's Layout table says {project.Name} depends on {d}, but its csproj references no such project or package.");

    private static IEnumerable<string> Confinement(IReadOnlyList<ProjectFile> projects, IReadOnlyList<ConfinementRow> confinements)
    {
        var byName = projects.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var project in projects)
        {
            foreach (var (carrier, package) in CarriedPackages(project, byName))
            {
                foreach (var rule in confinements.Where(c => c.Packages.Any(p => Allows(p, package)) && !c.OnlyIn.Contains(ShortName(project.Name), StringComparer.Ordinal)))
                {
                    var through = carrier == project.Name ? "directly" : $"through {carrier}";
                    yield return $"{project.Name} carries package {package} ({through}); README.md confines it to {string.Join(", ", rule.OnlyIn)}.";
                }
            }
        }
    }

    /// <summary>Every package a project brings into its output, through its project references, with the project that references it.</summary>
    private static IEnumerable<(string Carrier, string Package)> CarriedPackages(ProjectFile root, IReadOnlyDictionary<string, ProjectFile> byName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<ProjectFile>([root]);
        while (pending.TryDequeue(out var project))
        {
            if (!seen.Add(project.Name))
                continue;
            foreach (var package in project.PackageReferences)
                yield return (project.Name, package);
            foreach (var reference in project.ProjectReferences)
            {
                if (byName.TryGetValue(reference, out var next))
                    pending.Enqueue(next);
            }
        }
    }

    private static string Listed(LayoutRow row) => row.DependsOn.Count == 0 ? "nothing" : string.Join(", ", row.DependsOn);
}
