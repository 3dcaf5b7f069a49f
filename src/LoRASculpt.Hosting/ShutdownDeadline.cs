using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Hosting;

/// <summary>
/// Bounds a cluster silo's shutdown. A graceful stop writes to cluster storage (membership, grain state); when
/// that storage is unreachable, Orleans retries those writes without end and the process never exits. Twice
/// <see cref="ClusterSiloOptions.ShutdownTimeout"/> after the stop began, this ends the process anyway. Nothing
/// is lost: the silo's job leases expire and other silos take its jobs over, as after <c>kill -9</c>.
/// </summary>
internal sealed partial class ShutdownDeadline(
    IHostApplicationLifetime lifetime,
    IOptions<ClusterSiloOptions> options,
    ILogger<ShutdownDeadline> logger) : IHostedService
{
    /// <summary>Held so the timer stays alive: an unreferenced timer can be collected before it fires.</summary>
    private ITimer? _deadline;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var after = options.Value.ShutdownTimeout * 2;
        lifetime.ApplicationStopping.Register(() =>
            _deadline = TimeProvider.System.CreateTimer(_ => Expire(after), null, after, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Expire(TimeSpan after)
    {
        LogExpired(after);
        // Exit now: Environment.Exit would wait for the very shutdown that is stuck (the host's exit handler).
        Environment.FailFast($"LoRASculpt silo: shutdown did not finish within {after.TotalSeconds:F0} s (cluster storage unreachable?); exiting without it.");
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Shutdown did not finish within {After}; exiting without it (its jobs' leases expire and other silos take them over)")]
    private partial void LogExpired(TimeSpan after);
}
