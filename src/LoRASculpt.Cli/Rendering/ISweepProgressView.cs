using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Cli.Rendering;

/// <summary>Shows a sweep's statuses as they arrive; returns the last one seen (null when none arrived).</summary>
public interface ISweepProgressView
{
    Task<SweepStatus?> FollowAsync(IAsyncEnumerable<SweepStatus> statuses, TrialLabels labels, CancellationToken cancellationToken);
}

public static class SweepProgressViews
{
    /// <summary>A live redrawing view on a terminal, periodic plain lines otherwise.</summary>
    public static ISweepProgressView For(TextWriter output) =>
        TerminalConsoles.IsInteractive(output)
            ? new LiveSweepProgressView(TerminalConsoles.For(output))
            : new PlainSweepProgressView(output, PlainSweepProgressView.DefaultInterval, TimeProvider.System);
}
