using LoRASculpt.Hosting;

namespace LoRASculpt.Hosting.Tests;

public sealed class ClusterSiloOptionsValidatorTests
{
    private const string Valid = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    [Fact]
    public void Valid_options_pass()
    {
        var result = new ClusterSiloOptionsValidator().Validate(null, new ClusterSiloOptions { StorageConnectionString = Valid });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_key()
    {
        var options = new ClusterSiloOptions
        {
            ServiceId = "bad/id",
            ClusterId = "",
            StorageConnectionString = "",
            ArtifactContainer = "Bad_Container",
            SiloPort = 0,
            GatewayPort = 70000,
            AdvertisedIP = "not-an-ip",
            CpuSlots = -1,
            GpuSlots = 65,
            ProbeTimeout = TimeSpan.Zero,
            MissedProbesLimit = 0,
            ShutdownTimeout = TimeSpan.Zero,
        };

        var result = new ClusterSiloOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Cluster:ServiceId 'bad/id' must be 1-64 letters, digits, '-', '_' or '.'.",
                "Cluster:ClusterId is required.",
                "Cluster:StorageConnectionString is required (an Azure Storage connection string; for Azurite the one infra/azurite.sh prints).",
                "Cluster:ArtifactContainer 'Bad_Container' must be 3-63 lowercase letters, digits or single hyphens, starting and ending with a letter or digit.",
                "Cluster:SiloPort must be a TCP port (1-65535), got 0.",
                "Cluster:GatewayPort must be a TCP port (1-65535), got 70000.",
                "Cluster:AdvertisedIP 'not-an-ip' is not an IP address.",
                "Cluster:CpuSlots must be 0-256, got -1.",
                "Cluster:GpuSlots must be 0-64, got 65.",
                "Cluster:ProbeTimeout must be positive.",
                "Cluster:MissedProbesLimit must be at least 1.",
                "Cluster:ShutdownTimeout must be positive and at most 30 minutes, got 00:00:00.",
            ],
            result.Failures);
    }

    [Fact]
    public void A_malformed_connection_string_is_named_but_never_echoed()
    {
        const string secret = "AccountName=a;AccountKey=SECRET-KEY-VALUE;nonsense";

        var result = new ClusterSiloOptionsValidator().Validate(null, new ClusterSiloOptions { StorageConnectionString = secret });

        Assert.Equal(["Cluster:StorageConnectionString is not a valid Azure Storage connection string."], result.Failures);
        Assert.DoesNotContain("SECRET-KEY-VALUE", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_silo_and_gateway_ports_are_rejected()
    {
        var result = new ClusterSiloOptionsValidator().Validate(null,
            new ClusterSiloOptions { StorageConnectionString = Valid, SiloPort = 12000, GatewayPort = 12000 });

        Assert.Equal(["Cluster:SiloPort and Cluster:GatewayPort must differ (both are 12000)."], result.Failures);
    }
}
