using LoRASculpt.Cli.Hosting;
using LoRASculpt.Cli.Rendering;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>What sweep commands write to and how they start hosts; tests substitute writers, executors and the interrupt.</summary>
public sealed class SweepCommandContext
{
    public TextWriter Output { get; init; } = Console.Out;

    public TextWriter Error { get; init; } = Console.Error;

    public SweepHostFactory Hosts { get; init; } = new();

    /// <summary>Cancelled to interrupt a running command as Ctrl+C would (tests); Ctrl+C and SIGTERM are handled too.</summary>
    public CancellationToken Interrupt { get; init; }

    /// <summary>Handle SIGINT/SIGTERM (off in tests, where signals would reach the test runner).</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Progress view for a command's output; default: live on a terminal, plain lines otherwise.</summary>
    public Func<TextWriter, ISweepProgressView> ProgressView { get; init; } = SweepProgressViews.For;

    /// <summary>Base of default results folders (<c>sweep run</c> without --output).</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;
}
