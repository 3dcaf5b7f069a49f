using System.Text.Json;
using LoRASculpt.Cluster.Tests.Infrastructure;
using LoRASculpt.Sweeps.Expansion;
using LoRASculpt.Sweeps.Parsing;
using Xunit.Abstractions;

namespace LoRASculpt.Cluster.Tests.Search;

/// <summary>
/// Random, model-based and multi-objective search, and early termination, run from the CLI, as a user runs them, against three silo processes
/// sharing Azurite: `lorasculpt sweep run FILE` with LORASCULPT_CLUSTER set submits, follows and writes the results folder. Synthetic
/// trials keep it fast; what is checked is the search on a cluster: the points it plans, proposals made by the sweep
/// grain from finished trials, and the results the CLI writes.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class SearchSweepsFromCliTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Parameters = """
        parameters:
          duration_ms: {value: 100}
          lr: {distribution: log_uniform_values, min: 3.0e-4, max: 3.0e-3}
          alpha: {distribution: log_uniform_values, min: 1.0e-1, max: 1.0e+2}
          density: {distribution: uniform, min: 0.05, max: 0.5}
        """;

    private const string Common = """
        target: icon-mc
        methods: [lorasculpt]
        trial_kind: synthetic
        eval_shards: 2
        """;

    [Fact]
    public async Task Random_bayes_multi_objective_and_early_terminated_sweeps_run_from_the_cli_on_three_silos()
    {
        var serviceId = "search-" + Guid.NewGuid().ToString("N")[..10];
        var work = Directory.CreateTempSubdirectory("lorasculpt-search-cluster-").FullName;
        var silos = new List<SiloProcess>();
        try
        {
            await SiloProcess.StartClusterAsync(silos, azurite, serviceId, count: 3, cpuSlots: 2, work);

            // Random search: the cluster runs exactly the points the sweep library plans for this seed on any machine.
            var random = $"name: cluster-random\nmethod: random\nrun_cap: 6\nsearch_seed: 7\n{Common}\n{Parameters}";
            var randomRows = await RunAsync(serviceId, work, "cluster-random", random);
            var planned = SweepExpander.Expand(Parse(random)).Select(t => t.TrialId).ToArray();
            Assert.Equal(6, planned.Length);
            Assert.Equal(planned, randomRows.Select(r => r.GetProperty("trial_id").GetString()));

            // Model-based search: 10 random points, then proposals from the finished ones, 3 in flight at a time.
            var bayes = $"name: cluster-bayes\nmethod: bayes\nmetric: {{name: avg, goal: maximize}}\nrun_cap: 13\nmax_concurrent: 3\nsearch_seed: 7\n{Common}\n{Parameters}";
            var bayesRows = await RunAsync(serviceId, work, "cluster-bayes", bayes);
            Assert.Equal(13, bayesRows.Select(r => r.GetProperty("trial_id").GetString()).Distinct().Count());

            // Multi-objective: the Source/Target front and its hypervolume per number of trials are in the results.
            var pareto = $"name: cluster-pareto\nmethod: bayes\nmetric: {{names: [source, target], goal: maximize}}\nrun_cap: 12\nmax_concurrent: 3\nsearch_seed: 7\n{Common}\n{Parameters}";
            var (paretoRows, json) = await RunWithJsonAsync(serviceId, work, "cluster-pareto", pareto);
            Assert.Equal(12, paretoRows.Length);
            var hypervolume = json.GetProperty("pareto").GetProperty("hypervolume").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(12, hypervolume.Length);
            Assert.True(hypervolume.Zip(hypervolume.Skip(1)).All(p => p.Second >= p.First), "the hypervolume never shrinks as trials are added");
            Assert.NotEmpty(json.GetProperty("pareto").GetProperty("front").EnumerateArray());

            // Early termination: trials race to the rung on six slots, so which stop depends on arrival order; that some do
            // is all but certain (12 trials, each continuing only above the 2/3 quantile of earlier arrivals). Stopped
            // trials are finished: the sweep succeeds, and each row says where and why it stopped.
            var early = $$"""
                name: cluster-early
                method: grid
                {{Common}}
                metric: {name: avg, goal: maximize}
                early_terminate: {type: hyperband, min_iter: 1, eta: 3, max_iter: 3}
                parameters:
                  seed: {range: [0, 12]}
                  duration_ms: {value: 2000}
                  curve_every: {value: 1}
                """;
            var earlyRows = await RunAsync(serviceId, work, "cluster-early", early, finished: ["completed", "stopped early"]);
            var stopped = earlyRows.Where(r => r.GetProperty("status").GetString() == "stopped early").ToArray();
            Assert.Equal(12, earlyRows.Length);
            Assert.NotEmpty(stopped);
            Assert.All(stopped, r => Assert.StartsWith("at step 1 (curve point 1): avg ", r.GetProperty("stop_reason").GetString()));
        }
        finally
        {
            foreach (var silo in silos)
                await silo.DisposeAsync();
            foreach (var silo in silos)
                output.WriteLine($"log of silo :{silo.SiloPort}: {silo.LogPath}");
        }
    }

    private async Task<JsonElement[]> RunAsync(string serviceId, string work, string name, string yaml, string[]? finished = null) =>
        (await RunWithJsonAsync(serviceId, work, name, yaml, finished)).Rows;

    /// <summary>Runs the sweep file through the CLI; every trial must end in one of <paramref name="finished"/> (default: completed); returns the rows of results.json.</summary>
    private async Task<(JsonElement[] Rows, JsonElement Json)> RunWithJsonAsync(string serviceId, string work, string name, string yaml, string[]? finished = null)
    {
        var file = Path.Combine(work, name + ".yaml");
        await File.WriteAllTextAsync(file, yaml);
        var results = Path.Combine(work, name + "-results");
        var environment = new Dictionary<string, string>
        {
            // As a user configures a CLI next to the silos: the same LORASCULPT_* variables, the connection string in LORASCULPT_CLUSTER.
            ["LORASCULPT_CLUSTER"] = azurite.ConnectionString,
            ["LORASCULPT_Cluster__ServiceId"] = serviceId,
            ["LORASCULPT_Cluster__ClusterId"] = "test",
            ["LORASCULPT_Cluster__ResponseTimeout"] = "00:00:10",
            ["DOTNET_gcServer"] = "0",
        };
        var run = await CliProcess.RunAsync(environment, work, TimeSpan.FromMinutes(3),
            "sweep", "run", file, "--output", results);
        output.WriteLine($"$ lorasculpt sweep run {name}.yaml -> exit {run.Exit}\n{run.Output}\n{run.Error}");
        Assert.Equal(0, run.Exit);
        Assert.DoesNotContain(azurite.ConnectionString, run.Output + run.Error, StringComparison.Ordinal);
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(results, "results.json"))).RootElement;
        Assert.Equal("completed", json.GetProperty("state").GetString());
        var rows = json.GetProperty("trials").EnumerateArray().ToArray();
        Assert.All(rows, r => Assert.Contains(r.GetProperty("status").GetString(), finished ?? ["completed"]));
        return (rows, json);
    }

    private static Contracts.Sweeps.SweepSpec Parse(string yaml)
    {
        var parsed = SweepFileParser.Parse(yaml, "cluster.yaml");
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        return parsed.Spec!;
    }
}
