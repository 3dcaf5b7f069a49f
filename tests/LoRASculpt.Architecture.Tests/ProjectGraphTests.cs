namespace LoRASculpt.Architecture.Tests;

/// <summary>The repository itself: every product project references only what README.md's Layout table allows.</summary>
public sealed class ProjectGraphTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Fact]
    public void Every_project_references_only_what_the_Layout_table_allows()
    {
        var projects = ProjectFile.LoadProducts(Root);
        var table = LayoutTable.Parse(File.ReadAllText(Path.Combine(Root, "README.md")));

        var violations = ArchitectureCheck.Violations(projects, table);

        // Every violation in full, one per line (a collection comparison would cut them short).
        Assert.True(violations.Count == 0, $"{violations.Count} violation(s) of README.md's Layout table:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public void The_check_sees_every_product_project()
    {
        var names = ProjectFile.LoadProducts(Root).Select(p => p.Name).ToArray();

        // A guard for the check itself: if project discovery broke, an empty graph would pass the test above.
        Assert.Contains("LoRASculpt.Core", names);
        Assert.Contains("LoRASculpt.Grains", names);
        Assert.Contains("LoRASculpt.Silo", names);
        Assert.True(names.Length >= 12, $"Found only {names.Length} projects: {string.Join(", ", names)}.");
    }

    [Fact]
    public void Torch_and_terminal_rendering_are_confined_as_the_README_says()
    {
        var table = LayoutTable.Parse(File.ReadAllText(Path.Combine(Root, "README.md")));

        Assert.Contains(table.Confinements, c => c.Packages.Contains("TorchSharp") && c.OnlyIn.SequenceEqual(["Training", "Execution", "Cli", "Silo"]));
        Assert.Contains(table.Confinements, c => c.Packages.Contains("Spectre.Console") && c.Packages.Contains("ScottPlot") && c.OnlyIn.SequenceEqual(["Reporting", "Cli"]));
    }
}
