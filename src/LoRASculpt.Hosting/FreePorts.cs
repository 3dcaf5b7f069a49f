using System.Net;
using System.Net.Sockets;

namespace LoRASculpt.Hosting;

/// <summary>
/// Free loopback ports, asked of the OS (port 0) and released at once for the caller to bind right after. The one
/// implementation the embedded silo, the CLI, benchmarks and tests use.
/// </summary>
public static class FreePorts
{
    /// <summary>Distinct free loopback ports: every listener is held open until all ports are known, so none repeats.</summary>
    public static int[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    public static int Pick() => Take(1)[0];

    /// <summary>The given silo and gateway ports, each 0 replaced by a free one; the two always differ.</summary>
    public static (int Silo, int Gateway) Pair(int silo, int gateway)
    {
        var free = Take(2);
        var s = silo == 0 ? free[0] : silo;
        var g = gateway == 0 ? free[1] : gateway;
        while (g == s)
            g = Pick();
        return (s, g);
    }
}
