using Azure.Data.Tables;
using LoRASculpt.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Cluster.Tests.Hosting;

[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableGrainStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Grain_state_written_by_one_silo_is_read_back_by_a_fresh_silo_from_Azure_Tables()
    {
        var serviceId = "state-" + Guid.NewGuid().ToString("N")[..12];
        var first = await InProcessCluster.StartSilo(InProcessCluster.SiloSettings(azurite, serviceId));
        try
        {
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("p1");
            await grain.Save("default store", [3, 1, 4], inNamedStore: false);
            await grain.Save("named store", [1, 5, 9, 2], inNamedStore: true);
        }
        finally
        {
            await InProcessCluster.Stop(first);
        }

        // A new silo (new process state, same service) must read what the first one wrote.
        var second = await InProcessCluster.StartSilo(InProcessCluster.SiloSettings(azurite, serviceId));
        try
        {
            var grain = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("p1");
            var fromDefault = await grain.Load(fromNamedStore: false);
            var fromNamed = await grain.Load(fromNamedStore: true);

            Assert.Equal("default store", fromDefault.Text);
            Assert.Equal([3, 1, 4], fromDefault.Values);
            Assert.Equal("named store", fromNamed.Text);
            Assert.Equal([1, 5, 9, 2], fromNamed.Values);
        }
        finally
        {
            await InProcessCluster.Stop(second);
        }

        // The state really is in the cluster's tables (one per store), partitioned by this service.
        Assert.Equal(1, await RowsOfService(ClusterStorageNames.GrainStateTable, serviceId));
        Assert.Equal(1, await RowsOfService(ClusterStorageNames.GrainStateTableFor(ProbeGrain.NamedStore), serviceId));
    }

    private async Task<int> RowsOfService(string tableName, string serviceId)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(tableName);
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            if (row.PartitionKey.StartsWith(serviceId, StringComparison.Ordinal))
                count++;
        }
        return count;
    }

    [Fact]
    public async Task A_client_finds_the_silo_through_the_membership_table()
    {
        var serviceId = "client-" + Guid.NewGuid().ToString("N")[..12];
        var silo = await InProcessCluster.StartSilo(InProcessCluster.SiloSettings(azurite, serviceId));
        try
        {
            var client = await InProcessCluster.StartClient(new ClusterClientOptions
            {
                ServiceId = serviceId,
                ClusterId = "test",
                StorageConnectionString = azurite.ConnectionString,
            });
            try
            {
                var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IProbeGrain>("via-gateway");
                await grain.Save("from the client", [42], inNamedStore: false);
                var loaded = await grain.Load(fromNamedStore: false);
                Assert.Equal("from the client", loaded.Text);
                Assert.Equal([42], loaded.Values);
            }
            finally
            {
                await InProcessCluster.Stop(client);
            }
        }
        finally
        {
            await InProcessCluster.Stop(silo);
        }
    }

    [Fact]
    public async Task A_silo_with_a_missing_connection_string_fails_at_start_naming_the_key()
    {
        var settings = InProcessCluster.SiloSettings(azurite, "missing");
        settings["Cluster:StorageConnectionString"] = "";
        settings["Cluster:SiloPort"] = "0";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessCluster.StartSilo(settings));

        Assert.Equal(
            [
                "Cluster:StorageConnectionString is required (an Azure Storage connection string; for Azurite the one infra/azurite.sh prints).",
                "Cluster:SiloPort must be a TCP port (1-65535), got 0.",
            ],
            error.Failures);
    }
}
