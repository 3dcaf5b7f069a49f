using System.Runtime.InteropServices;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>
/// The first Ctrl+C (or SIGTERM) cancels <see cref="Token"/> so the command can stop gracefully and say how to
/// resume; a second one is left to the default handler and ends the process at once (state is durable either way).
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    public InterruptSignals(CancellationToken external, bool handleSignals)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(external);
        if (!handleSignals)
            return;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (Interlocked.Increment(ref _signals) > 1)
                    return;
                context.Cancel = true;
                _source.Cancel();
            }));
        }
    }

    public CancellationToken Token => _source.Token;

    public bool IsInterrupted => _source.IsCancellationRequested;

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _source.Dispose();
    }
}
