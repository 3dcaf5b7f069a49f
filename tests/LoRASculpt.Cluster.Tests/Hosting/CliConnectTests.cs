using LoRASculpt.Cluster.Tests.Infrastructure;

namespace LoRASculpt.Cluster.Tests.Hosting;

/// <summary>The CLI reads the silo's LORASCULPT_* settings, and gives up with a clear error when no silo answers.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CliConnectTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_cli_pointed_at_a_service_with_no_silos_names_it_and_exits_instead_of_waiting_forever()
    {
        var serviceId = "nobody-" + Guid.NewGuid().ToString("N")[..8];
        var work = Directory.CreateTempSubdirectory("lorasculpt-cli-connect-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["LORASCULPT_CLUSTER"] = azurite.ConnectionString,
            ["LORASCULPT_Cluster__ServiceId"] = serviceId,
            ["LORASCULPT_Cluster__ClusterId"] = "elsewhere",
            ["LORASCULPT_Cluster__ConnectTimeout"] = "00:00:02",
        };

        var run = await CliProcess.RunAsync(environment, work, TimeSpan.FromMinutes(1), "sweep", "list");

        Assert.Equal(1, run.Exit);
        Assert.Contains($"Could not connect to cluster {serviceId}/elsewhere within 2 s", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(azurite.ConnectionString, run.Output + run.Error, StringComparison.Ordinal);
    }
}
