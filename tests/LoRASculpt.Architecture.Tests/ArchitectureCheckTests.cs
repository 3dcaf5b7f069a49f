namespace LoRASculpt.Architecture.Tests;

/// <summary>The checker on small hand-made graphs and tables: it reports each kind of violation, naming project and reference.</summary>
public sealed class ArchitectureCheckTests
{
    private const string Readme = """
        # Product

        ## Layout

        | path | what | depends on |
        |---|---|---|
        | `src/LoRASculpt.Core` | shared code | nothing |
        | `src/LoRASculpt.Training` | training | Core, TorchSharp, libtorch (CPU build) |
        | `src/LoRASculpt.Execution` | executors | Training, Contracts |
        | `src/LoRASculpt.Contracts` | interfaces | Microsoft.Orleans.Sdk |
        | `src/LoRASculpt.Grains` | grains | Contracts, Microsoft.Orleans (server, reminders) |
        | `src/LoRASculpt.Reporting` | tables | Contracts, Spectre.Console |
        | `infra/` | scripts | |

        | packages | only in |
        |---|---|
        | TorchSharp, libtorch | Training, Execution |
        | Spectre.Console | Reporting |

        ## Next section

        | path | what | depends on |
        |---|---|---|
        | `src/LoRASculpt.Elsewhere` | not in the Layout section | Everything |
        """;

    private static readonly ProjectFile[] Honest =
    [
        Project("Core"),
        Project("Training", packages: ["TorchSharp", "libtorch-cpu-linux-x64", "TorchSharp-cuda-linux"], projects: ["Core"]),
        Project("Execution", projects: ["Training", "Contracts"]),
        Project("Contracts", packages: ["Microsoft.Orleans.Sdk"]),
        Project("Grains", packages: ["Microsoft.Orleans.Server", "Microsoft.Orleans.Reminders"], projects: ["Contracts"]),
        Project("Reporting", packages: ["Spectre.Console"], projects: ["Contracts"]),
    ];

    [Fact]
    public void The_Layout_section_parses_into_rows_with_remarks_dropped()
    {
        var table = LayoutTable.Parse(Readme);

        Assert.Equal(["src/LoRASculpt.Core", "src/LoRASculpt.Training", "src/LoRASculpt.Execution", "src/LoRASculpt.Contracts", "src/LoRASculpt.Grains", "src/LoRASculpt.Reporting"],
            table.Projects.Select(r => r.Path));
        Assert.Equal([], table.Projects[0].DependsOn);
        Assert.Equal(["Core", "TorchSharp", "libtorch"], table.Projects[1].DependsOn);
        Assert.Equal(["Contracts", "Microsoft.Orleans"], table.Projects[4].DependsOn);
        Assert.Equal(2, table.Confinements.Count);
        Assert.Equal(["TorchSharp", "libtorch"], table.Confinements[0].Packages);
        Assert.Equal(["Training", "Execution"], table.Confinements[0].OnlyIn);
    }

    [Fact]
    public void An_honest_graph_has_no_violations() =>
        Assert.Equal([], ArchitectureCheck.Violations(Honest, LayoutTable.Parse(Readme)));

    [Fact]
    public void A_project_reference_the_table_does_not_allow_is_named()
    {
        var graph = Replace(Project("Execution", projects: ["Training", "Contracts", "Grains"]));

        var violations = ArchitectureCheck.Violations(graph, LayoutTable.Parse(Readme));

        Assert.Equal(["LoRASculpt.Execution references project LoRASculpt.Grains, which README.md's Layout table does not allow (depends on: Training, Contracts)."], violations);
    }

    [Fact]
    public void A_package_reference_the_table_does_not_allow_is_named()
    {
        var graph = Replace(Project("Contracts", packages: ["Microsoft.Orleans.Sdk", "Cronos"]));

        var violations = ArchitectureCheck.Violations(graph, LayoutTable.Parse(Readme));

        Assert.Equal(["LoRASculpt.Contracts references package Cronos, which README.md's Layout table does not allow (depends on: Microsoft.Orleans.Sdk)."], violations);
    }

    [Fact]
    public void A_package_prefix_allows_sub_packages_but_not_lookalikes()
    {
        Assert.True(ArchitectureCheck.Allows("Microsoft.Orleans", "Microsoft.Orleans.Server"));
        Assert.True(ArchitectureCheck.Allows("TorchSharp", "TorchSharp-cuda-linux"));
        Assert.True(ArchitectureCheck.Allows("libtorch", "libtorch-cpu-linux-x64"));
        Assert.False(ArchitectureCheck.Allows("Microsoft.Orleans", "Microsoft.OrleansX"));
        Assert.False(ArchitectureCheck.Allows("Microsoft.Orleans.Sdk", "Microsoft.Orleans.Server"));
    }

    [Fact]
    public void A_project_missing_from_the_table_and_a_row_without_a_project_are_named()
    {
        ProjectFile[] graph = [.. Honest.Where(p => p.Name != "LoRASculpt.Reporting"), Project("Client", projects: ["Contracts"])];

        var violations = ArchitectureCheck.Violations(graph, LayoutTable.Parse(Readme));

        Assert.Equal(
        [
            "LoRASculpt.Client (src/LoRASculpt.Client) is missing from README.md's Layout table.",
            "README.md's Layout table lists src/LoRASculpt.Reporting, which has no project.",
        ], violations);
    }

    [Fact]
    public void A_dependency_the_table_lists_but_the_project_lacks_is_named()
    {
        var graph = Replace(Project("Execution", projects: ["Training"]));

        var violations = ArchitectureCheck.Violations(graph, LayoutTable.Parse(Readme));

        Assert.Equal(["README.md's Layout table says LoRASculpt.Execution depends on Contracts, but its csproj references no such project or package."], violations);
    }

    [Fact]
    public void A_confined_package_reached_through_project_references_is_named_with_its_carrier()
    {
        // Grains is allowed to reference Reporting here, but Reporting brings Spectre.Console, which only Reporting may carry.
        var readme = Readme.Replace("| grains | Contracts, Microsoft.Orleans (server, reminders) |", "| grains | Contracts, Reporting, Microsoft.Orleans |", StringComparison.Ordinal);
        var graph = Replace(Project("Grains", packages: ["Microsoft.Orleans.Server"], projects: ["Contracts", "Reporting"]));

        var violations = ArchitectureCheck.Violations(graph, LayoutTable.Parse(readme));

        Assert.Equal(["LoRASculpt.Grains carries package Spectre.Console (through LoRASculpt.Reporting); README.md confines it to Reporting."], violations);
    }

    [Fact]
    public void Project_references_and_packages_are_read_from_csproj_xml_including_conditional_ones()
    {
        const string csproj = """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="TorchSharp" />
                <PackageReference Include="libtorch-cpu-linux-x64" Condition="'$(TorchBackend)' == 'cpu'" />
                <PackageReference Include="TorchSharp-cuda-linux" Condition="'$(TorchBackend)' == 'cuda'" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="..\LoRASculpt.Core\LoRASculpt.Core.csproj" />
                <ProjectReference Include="../LoRASculpt.Contracts/LoRASculpt.Contracts.csproj" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """;

        var project = ProjectFile.Parse("LoRASculpt.Training", "src/LoRASculpt.Training", csproj);

        Assert.Equal(["LoRASculpt.Core", "LoRASculpt.Contracts"], project.ProjectReferences);
        Assert.Equal(["TorchSharp", "libtorch-cpu-linux-x64", "TorchSharp-cuda-linux"], project.PackageReferences);
    }

    [Fact]
    public void A_readme_without_the_Layout_table_is_an_error_not_an_empty_pass() =>
        Assert.Throws<FormatException>(() => LayoutTable.Parse("# Product\n\n## Quickstart\n\nNothing here.\n"));

    private static ProjectFile Project(string shortName, string[]? packages = null, string[]? projects = null) =>
        new("LoRASculpt." + shortName, "src/LoRASculpt." + shortName, [.. (projects ?? []).Select(p => "LoRASculpt." + p)], packages ?? []);

    private static ProjectFile[] Replace(ProjectFile changed) =>
        [.. Honest.Select(p => p.Name == changed.Name ? changed : p)];
}
