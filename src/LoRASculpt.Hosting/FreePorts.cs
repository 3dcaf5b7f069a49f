using System.Net;
using System.Net.Sockets;

namespace LoRASculpt.Hosting;

/// <summary>Asks the OS for an unused loopback port (released at once; the silo binds it right after).</summary>
public static class FreePorts
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static (int Silo, int Gateway) Pair(int silo, int gateway)
    {
        var s = silo == 0 ? Pick() : silo;
        var g = gateway == 0 ? Pick() : gateway;
        while (g == s)
            g = Pick();
        return (s, g);
    }
}
