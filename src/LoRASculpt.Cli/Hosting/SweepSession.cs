using LoRASculpt.Client;
using LoRASculpt.Hosting;
using Microsoft.Extensions.Hosting;

namespace LoRASculpt.Cli.Hosting;

/// <summary>How this CLI process reaches the sweeps.</summary>
public enum SweepSessionMode
{
    /// <summary>This process hosts the embedded silo: it executes trials while the command runs.</summary>
    EmbeddedSilo,
    /// <summary>Another lorasculpt process hosts the data directory's silo; this one is its client.</summary>
    EmbeddedClient,
    /// <summary>Connected to a cluster's gateway: the cluster executes trials whether or not this process runs.</summary>
    Cluster,
}

/// <summary>A started host (embedded silo or client) and the <see cref="SweepClient"/> on it; disposing stops it gracefully.</summary>
public sealed class SweepSession(IHost host, SweepClient client, SweepSessionMode mode, string location, EmbeddedSiloLock? ownership) : IAsyncDisposable
{
    public SweepClient Client { get; } = client;

    public SweepSessionMode Mode { get; } = mode;

    /// <summary>The data directory (embedded) or "cluster &lt;service&gt;/&lt;cluster&gt;".</summary>
    public string Location { get; } = location;

    /// <summary>True when trials only run while this process runs (so leaving must tell the user how to resume).</summary>
    public bool ExecutesLocally => Mode == SweepSessionMode.EmbeddedSilo;

    public IServiceProvider Services => host.Services;

    private int _disposed;

    /// <summary>Stops the host gracefully (the embedded silo finishes its shutdown; state is durable); idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        ownership?.WithdrawGateway();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(timeout.Token);
        }
        finally
        {
            host.Dispose();
            ownership?.Dispose();
        }
    }
}
