using LoRASculpt.Client;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Grains.Tests.Support;
using LoRASculpt.Grains;
using LoRASculpt.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Hosting.Tests;

public sealed class EmbeddedSiloTests
{
    private static IHost Build(string dataDirectory, int slots = 2)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseEmbeddedSilo(o =>
        {
            o.DataDirectory = dataDirectory;
            o.CpuSlots = slots;
        });
        builder.Services.AddSyntheticJobExecutor();
        return builder.Build();
    }

    [Fact]
    public async Task An_embedded_silo_runs_a_sweep_and_its_results_survive_a_restart_in_the_data_directory()
    {
        using var directory = new TempDirectory();
        var spec = SyntheticSweeps.Seeds("embedded", count: 4, durationMs: 5, evalShards: 2);
        string sweepId;
        using (var host = Build(directory.Path))
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<SweepClient>();
            sweepId = (await client.SubmitAsync(spec)).SweepId;
            SweepStatus? last = null;
            await foreach (var status in client.WatchAsync(sweepId, TimeSpan.FromMilliseconds(20)))
                last = status;
            Assert.Equal((SweepState.Completed, 4), (last!.State, last.Completed));
            await host.StopAsync();
        }

        Assert.True(File.Exists(Path.Combine(directory.Path, "state.db")));
        using var again = Build(directory.Path);
        await again.StartAsync();
        var sweeps = again.Services.GetRequiredService<SweepClient>();
        var listed = Assert.Single(await sweeps.ListAsync());
        var results = (await sweeps.GetResultsAsync(sweepId[..6]))!;
        var unknown = await sweeps.GetStatusAsync("s-doesnotexist");
        await again.StopAsync();

        Assert.Equal((sweepId, SweepState.Completed, 4), (listed.SweepId, listed.State, listed.Completed));
        Assert.Equal(4, results.Rows.Count(r => r.Result is not null));
        Assert.Null(unknown);
    }

    [Theory]
    [InlineData(0, 0, 0, "CpuSlots must be between 1 and 64")]
    [InlineData(65, 0, 0, "CpuSlots must be between 1 and 64")]
    [InlineData(1, 70000, 0, "SiloPort must be 0")]
    [InlineData(1, 5000, 5000, "SiloPort and GatewayPort are both 5000")]
    public void Invalid_options_fail_at_start_naming_the_setting(int slots, int siloPort, int gatewayPort, string message)
    {
        var builder = Host.CreateApplicationBuilder();
        var error = Assert.Throws<OptionsValidationException>(() => builder.UseEmbeddedSilo(o =>
        {
            o.DataDirectory = Path.GetTempPath();
            o.CpuSlots = slots;
            o.SiloPort = siloPort;
            o.GatewayPort = gatewayPort;
        }));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_data_directory_comes_from_the_option_then_the_environment_then_the_home_folder()
    {
        var previous = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, "/tmp/from-env");
            Assert.Equal("/tmp/explicit", DataDirectory.Resolve("/tmp/explicit"));
            Assert.Equal("/tmp/from-env", DataDirectory.Resolve(null));
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, null);
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lorasculpt"), DataDirectory.Resolve(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, previous);
        }
    }
}
