using System.Net;
using System.Net.Sockets;

namespace LoRASculpt.Cluster.Tests.Infrastructure;

internal static class FreePorts
{
    /// <summary>Distinct free loopback ports: all listeners are held open until every port is known.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
