using LoRASculpt.Hosting;
using LoRASculpt.TestSupport.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.TestSupport.Cluster;

/// <summary>Silos and clients in this process, configured exactly as the silo host and CLI configure theirs.</summary>
public static class InProcessCluster
{
    public static Dictionary<string, string?> SiloSettings(AzuriteFixture azurite, string serviceId)
    {
        var (siloPort, gatewayPort) = FreePorts.Pair(0, 0);
        return new()
        {
            ["Cluster:ServiceId"] = serviceId,
            ["Cluster:ClusterId"] = "test",
            ["Cluster:StorageConnectionString"] = azurite.ConnectionString,
            ["Cluster:SiloPort"] = siloPort.ToString(),
            ["Cluster:GatewayPort"] = gatewayPort.ToString(),
            ["Cluster:AdvertisedIP"] = "127.0.0.1",
            // These silos only host the probe grain: no worker slots, so no executor is needed.
            ["Cluster:CpuSlots"] = "0",
        };
    }

    public static async Task<IHost> StartSilo(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseLoRASculptCluster(namedStores: [ProbeGrain.NamedStore]);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task<IHost> StartClient(ClusterClientOptions options, TimeSpan? connectWithin = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseLoRASculptClusterClient(options);
        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(connectWithin ?? TimeSpan.FromSeconds(60));
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public static async Task Stop(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }
}
