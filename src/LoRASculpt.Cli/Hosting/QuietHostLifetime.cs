using Microsoft.Extensions.Hosting;

namespace LoRASculpt.Cli.Hosting;

/// <summary>
/// The host does not react to Ctrl+C itself: the sweep command handles the signal, stops following, and then
/// stops the host in order (so it can print how to resume instead of dying mid-sentence).
/// </summary>
internal sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
