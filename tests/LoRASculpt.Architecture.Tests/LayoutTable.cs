using System.Text.RegularExpressions;

namespace LoRASculpt.Architecture.Tests;

/// <summary>A row of README.md's Layout table: a project folder and what it may reference.</summary>
/// <param name="DependsOn">Project short names ("Core" for LoRASculpt.Core) and package ids; a package id also allows its
/// sub-packages ("Microsoft.Orleans" allows Microsoft.Orleans.Server, "TorchSharp" allows TorchSharp-cuda-linux).</param>
public sealed record LayoutRow(string Path, IReadOnlyList<string> DependsOn);

/// <summary>A row of README.md's confinement table: packages that only the listed projects may carry, directly or through project references.</summary>
public sealed record ConfinementRow(IReadOnlyList<string> Packages, IReadOnlyList<string> OnlyIn);

/// <summary>
/// README.md's "## Layout" section as data. The Layout table's "depends on" column is a comma-separated list; text in
/// parentheses is a remark for readers and is ignored; "nothing" and an empty cell mean no references. Rows whose path
/// does not start with <c>src/</c> or <c>silos/</c> (infra, docs, tests) describe folders, not projects, and are skipped.
/// </summary>
public sealed record LayoutTable(IReadOnlyList<LayoutRow> Projects, IReadOnlyList<ConfinementRow> Confinements)
{
    public const string Heading = "## Layout";

    public static LayoutTable Parse(string readme)
    {
        var section = Section(readme);
        var projects = new List<LayoutRow>();
        var confinements = new List<ConfinementRow>();
        string[]? header = null;
        foreach (var line in section.Split('\n').Select(l => l.Trim()))
        {
            if (!line.StartsWith('|'))
            {
                header = null;
                continue;
            }
            var cells = Cells(line);
            if (header is null)
            {
                header = [.. cells.Select(c => c.ToLowerInvariant())];
                continue;
            }
            if (cells.All(c => c.Trim('-', ':').Length == 0))
                continue;
            if (header is ["path", _, "depends on"] && Unquote(cells[0]) is var path && (path.StartsWith("src/", StringComparison.Ordinal) || path.StartsWith("silos/", StringComparison.Ordinal)))
                projects.Add(new LayoutRow(path.TrimEnd('/'), Items(cells[2])));
            else if (header is ["packages", "only in"])
                confinements.Add(new ConfinementRow(Items(cells[0]), Items(cells[1])));
        }
        if (projects.Count == 0)
            throw new FormatException($"README.md has no '{Heading}' table with the columns path | what | depends on.");
        return new LayoutTable(projects, confinements);
    }

    private static string Section(string readme)
    {
        var start = readme.IndexOf("\n" + Heading + "\n", StringComparison.Ordinal);
        if (start < 0)
            throw new FormatException($"README.md has no '{Heading}' section.");
        var end = readme.IndexOf("\n## ", start + Heading.Length + 2, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)].Replace("\r", "", StringComparison.Ordinal);
    }

    private static string[] Cells(string line) =>
        [.. line.Trim('|').Split('|').Select(c => c.Trim())];

    /// <summary>"Core, `TorchSharp` (CPU or CUDA), Microsoft.ML.Tokenizers" → [Core, TorchSharp, Microsoft.ML.Tokenizers].</summary>
    public static IReadOnlyList<string> Items(string cell)
    {
        var withoutRemarks = Regex.Replace(cell, @"\([^)]*\)", "");
        var items = withoutRemarks.Split(',').Select(Unquote).Where(i => i.Length > 0).ToArray();
        return items is ["nothing"] ? [] : items;
    }

    private static string Unquote(string text) => text.Trim().Trim('`').Trim();
}
