using System.CommandLine;
using LoRASculpt.Cli.Commands.Sweep;

namespace LoRASculpt.Cli.Commands;

/// <summary>
/// <c>lorasculpt sweep</c>: run, validate, submit, watch, list, status, results, cancel and resume ablation sweeps,
/// on an embedded silo in this process (default) or on a cluster (--cluster / LORASCULPT_CLUSTER), with the same commands.
/// </summary>
public static class SweepCommand
{
    public static Command Create(SweepCommandContext? context = null)
    {
        var globals = new SweepGlobalOptions();
        var b = new SweepCommandBase(context ?? new SweepCommandContext(), globals);
        var command = new Command("sweep",
            "Ablation sweeps: grids of trials run by an Orleans silo embedded in this process (state in --data-dir), or by a cluster with --cluster." +
            Environment.NewLine + SweepExitCodes.Help);
        foreach (var option in globals.All)
            command.Options.Add(option);
        command.Subcommands.Add(SweepRunCommands.Run(b));
        command.Subcommands.Add(SweepFileCommands.Validate(b));
        command.Subcommands.Add(SweepFileCommands.Submit(b));
        command.Subcommands.Add(SweepRunCommands.Watch(b));
        command.Subcommands.Add(SweepQueryCommands.List(b));
        command.Subcommands.Add(SweepQueryCommands.Status(b));
        command.Subcommands.Add(SweepQueryCommands.Results(b));
        command.Subcommands.Add(SweepQueryCommands.Cancel(b));
        command.Subcommands.Add(SweepRunCommands.Resume(b));
        return command;
    }
}
