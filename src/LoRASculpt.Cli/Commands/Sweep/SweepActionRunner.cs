using LoRASculpt.Cli.Hosting;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>
/// Runs a sweep subcommand's body synchronously (so System.CommandLine does not race our graceful stop on
/// Ctrl+C) and maps failures to the documented exit codes with one-line messages, no stack traces.
/// </summary>
internal static class SweepActionRunner
{
    public static int Run(SweepCommandContext context, Func<InterruptSignals, Task<int>> body)
    {
        using var signals = new InterruptSignals(context.Interrupt, context.HandleSignals);
        try
        {
            return Task.Run(() => body(signals)).GetAwaiter().GetResult();
        }
        catch (UsageException e)
        {
            context.Error.WriteLine(e.Message);
            return SweepExitCodes.InvalidInput;
        }
        catch (UnknownSweepException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return SweepExitCodes.UnknownSweep;
        }
        catch (SweepHostException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return e.IsUsageError ? SweepExitCodes.InvalidInput : SweepExitCodes.Failure;
        }
        catch (ArgumentException e) when (e.ParamName == "idOrPrefix")
        {
            context.Error.WriteLine($"error: {e.Message.Split(" (Parameter")[0]}");
            return SweepExitCodes.InvalidInput;
        }
        catch (OperationCanceledException) when (signals.IsInterrupted)
        {
            context.Error.WriteLine("Interrupted.");
            return SweepExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            context.Error.WriteLine($"error: {e.GetBaseException().Message}");
            return SweepExitCodes.Failure;
        }
    }
}
