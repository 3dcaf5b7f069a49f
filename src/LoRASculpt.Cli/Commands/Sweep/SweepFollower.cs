using LoRASculpt.Cli.Hosting;
using LoRASculpt.Cli.Rendering;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Hosting;
using LoRASculpt.Reporting;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>
/// What run, watch and resume share: follow a sweep's progress until it finishes, then print the results table
/// (and write the results folder); on Ctrl+C stop the host in order and say how to continue.
/// </summary>
internal sealed class SweepFollower(SweepCommandContext context, SweepSession session, InterruptSignals signals, string optionsHint)
{
    public async Task<int> FollowAsync(string sweepId, string? outputDirectory, bool writeFiles)
    {
        var plan = await session.Client.GetResultsAsync(sweepId) ?? throw new UnknownSweepException(sweepId, session.Location);
        var view = context.ProgressView(context.Output);
        SweepStatus? last;
        try
        {
            last = await view.FollowAsync(session.Client.WatchAsync(sweepId, SweepClient.DefaultWatchInterval, signals.Token), new TrialLabels(plan), signals.Token);
        }
        catch (OperationCanceledException) when (signals.IsInterrupted)
        {
            return await InterruptedAsync(sweepId);
        }

        if (last is not { IsFinished: true })
        {
            context.Error.WriteLine($"error: sweep {sweepId} stopped reporting before it finished.");
            return SweepExitCodes.Failure;
        }

        var results = await session.Client.GetResultsAsync(sweepId) ?? throw new UnknownSweepException(sweepId, session.Location);
        context.Output.WriteLine();
        TerminalConsoles.For(context.Output).Write(ResultsTable.Build(results));
        context.Output.WriteLine();
        if (ParetoSummary.Of(results) is { Scored: >= 2 } pareto)
            context.Output.WriteLine(pareto.Describe());
        if (writeFiles)
        {
            var directory = Path.GetFullPath(outputDirectory ?? SweepResultsFolder.DefaultFor(results, context.WorkingDirectory));
            var files = SweepResultsFolder.Write(results, directory, sortBy: null);
            context.Output.WriteLine($"Results written to {directory}:");
            foreach (var file in files)
                context.Output.WriteLine($"  {Path.GetFileName(file)}");
        }
        return ExitCodeOf(last);
    }

    public static int ExitCodeOf(SweepStatus finished) => finished switch
    {
        { State: SweepState.Cancelled } => SweepExitCodes.SweepCancelled,
        { Failed: > 0 } => SweepExitCodes.TrialsFailed,
        _ => SweepExitCodes.Success,
    };

    private async Task<int> InterruptedAsync(string sweepId)
    {
        context.Output.WriteLine();
        if (!session.ExecutesLocally)
        {
            context.Error.WriteLine($"Stopped watching. Sweep {sweepId} keeps running in {session.Location}; follow it again with `lorasculpt sweep watch {sweepId}{optionsHint}`.");
            return SweepExitCodes.Interrupted;
        }

        context.Error.WriteLine("Interrupted: stopping the embedded silo (running trials keep their last checkpoint)...");
        var status = await session.Client.GetStatusAsync(sweepId);
        await session.DisposeAsync();
        var done = status is null ? "" : $" ({status.Completed}/{status.Total} trials completed)";
        context.Error.WriteLine($"Sweep {sweepId} is saved in {session.Location}{done}. Continue it with `lorasculpt sweep resume {sweepId}{optionsHint}` or by running the same sweep file again.");
        return SweepExitCodes.Interrupted;
    }
}
