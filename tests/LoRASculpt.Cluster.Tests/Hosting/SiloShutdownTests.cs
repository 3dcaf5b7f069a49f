using LoRASculpt.Cluster.Tests.Infrastructure;
using LoRASculpt.Hosting;

namespace LoRASculpt.Cluster.Tests.Hosting;

/// <summary>
/// A silo process stops on SIGTERM: gracefully while its storage is up, and within twice Cluster:ShutdownTimeout
/// when its storage is gone (Orleans would otherwise retry its membership writes forever). Each test has its
/// own Azurite, because one of them stops it.
/// </summary>
public sealed class SiloShutdownTests : IAsyncLifetime
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);
    private readonly AzuriteFixture _azurite = new();
    private readonly string _work = Directory.CreateTempSubdirectory("lorasculpt-shutdown-").FullName;

    public Task InitializeAsync() => _azurite.InitializeAsync();

    [Fact]
    public async Task Sigterm_stops_a_silo_gracefully_while_its_storage_is_up()
    {
        await using var silo = await StartSiloAsync();

        silo.Terminate();

        Assert.Equal(0, await silo.WaitForExitAsync(ShutdownTimeout * 2 + TimeSpan.FromSeconds(20)));
        Assert.DoesNotContain("Shutdown did not finish", silo.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_ends_a_silo_whose_storage_is_gone_within_twice_the_shutdown_timeout()
    {
        await using var silo = await StartSiloAsync();
        await _azurite.DisposeAsync();

        silo.Terminate();

        var exit = await silo.WaitForExitAsync(ShutdownTimeout * 2 + TimeSpan.FromSeconds(20));
        Assert.True(exit is not null, "the silo still runs; log: " + silo.LogPath);
        Assert.NotEqual(0, exit);
        Assert.Contains("Shutdown did not finish within 00:00:06", silo.ReadLog(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private async Task<SiloProcess> StartSiloAsync()
    {
        var (siloPort, gatewayPort) = FreePorts.Pair(0, 0);
        var environment = SiloProcess.Environment(_azurite, "shutdown-" + Guid.NewGuid().ToString("N")[..8], siloPort, gatewayPort, _work, cpuSlots: 1);
        environment["LORASCULPT_Cluster__ShutdownTimeout"] = ShutdownTimeout.ToString();
        var silo = SiloProcess.Start(environment, _work, siloPort);
        await silo.Started.WaitAsync(TimeSpan.FromMinutes(2));
        return silo;
    }
}
