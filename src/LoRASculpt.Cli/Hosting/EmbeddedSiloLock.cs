using System.Globalization;

namespace LoRASculpt.Cli.Hosting;

/// <summary>
/// One embedded silo per data directory: the process that holds <c>embedded.lock</c> hosts it and publishes
/// its gateway port in <c>embedded.gateway</c>; other lorasculpt processes on the same directory connect to
/// that gateway instead of opening the SQLite state a second time (two silos on one state file would fight
/// over every grain's ETag). The OS releases the lock when the process dies, even by kill -9.
/// </summary>
public sealed class EmbeddedSiloLock : IDisposable
{
    private const string LockFile = "embedded.lock";
    private const string GatewayFile = "embedded.gateway";

    private readonly FileStream _lock;
    private readonly string _gatewayPath;

    private EmbeddedSiloLock(FileStream @lock, string gatewayPath)
    {
        _lock = @lock;
        _gatewayPath = gatewayPath;
    }

    /// <summary>The lock, or null when another live process holds it.</summary>
    public static EmbeddedSiloLock? TryAcquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var stream = new FileStream(Path.Combine(dataDirectory, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new EmbeddedSiloLock(stream, Path.Combine(dataDirectory, GatewayFile));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Publishes the gateway port of the silo this process is about to host.</summary>
    public void PublishGateway(int port) =>
        File.WriteAllText(_gatewayPath, port.ToString(CultureInfo.InvariantCulture));

    /// <summary>The gateway port published by the process holding the lock, or null.</summary>
    public static int? ReadGateway(string dataDirectory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(dataDirectory, GatewayFile)).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Stops advertising the gateway (before the silo stops), so other processes wait for the lock instead.</summary>
    public void WithdrawGateway()
    {
        try
        {
            File.Delete(_gatewayPath);
        }
        catch (IOException)
        {
            // A stale gateway file is harmless: readers retry and then take the lock.
        }
    }

    public void Dispose()
    {
        WithdrawGateway();
        _lock.Dispose();
    }
}
