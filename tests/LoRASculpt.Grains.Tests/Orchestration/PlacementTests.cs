using LoRASculpt.Contracts.Grains;
using LoRASculpt.Grains.Placement;
using LoRASculpt.Grains.Tests.Support;
using Orleans.Runtime;

namespace LoRASculpt.Grains.Tests.Orchestration;

public sealed class PlacementTests
{
    [Fact]
    public async Task Workers_activate_on_the_silo_named_in_their_key_and_nowhere_else()
    {
        await using var cluster = await OrchestrationCluster.StartAsync(silos: 2, slotsPerSilo: 2);
        var silos = cluster.Cluster.Silos.Select(s => s.SiloAddress).ToArray();

        foreach (var silo in silos)
        {
            for (var slot = 0; slot < 2; slot++)
            {
                var status = await cluster.Client.GetGrain<IWorkerSlotGrain>(WorkerKeys.For(silo, slot)).GetStatus();
                Assert.Equal(silo.ToParsableString(), status.HostSilo);
                Assert.Equal(silo.ToParsableString(), status.Info.Silo);
                Assert.Equal("cpu", status.Info.Device);
            }
        }

        var gone = SiloAddress.New(System.Net.IPAddress.Loopback, 1, 12345);
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.GetGrain<IWorkerSlotGrain>(WorkerKeys.For(gone, 0)).GetStatus());
        Assert.Equal(4, (await cluster.Sweeps.GetSchedulerStatsAsync()).Workers);
    }
}
