using LoRASculpt.Hosting;

namespace LoRASculpt.Hosting.Tests;

public sealed class FreePortsTests
{
    [Fact]
    public void Ports_taken_together_are_distinct()
    {
        var ports = FreePorts.Take(16);

        Assert.Equal(16, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 1, 65535));
    }

    [Fact]
    public void A_pair_keeps_the_ports_given_and_replaces_each_zero_with_a_free_port_the_other_is_not()
    {
        Assert.Equal((1234, 5678), FreePorts.Pair(1234, 5678));

        var (silo, gateway) = FreePorts.Pair(0, 0);
        Assert.NotEqual(silo, gateway);

        var (keptSilo, freeGateway) = FreePorts.Pair(silo, 0);
        Assert.Equal(silo, keptSilo);
        Assert.NotEqual(silo, freeGateway);
    }
}
