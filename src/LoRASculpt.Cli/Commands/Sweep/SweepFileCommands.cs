using System.CommandLine;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Cli.Hosting;
using LoRASculpt.Sweeps.Expansion;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary><c>sweep validate</c> and <c>sweep submit</c>.</summary>
internal static class SweepFileCommands
{
    public static Command Validate(SweepCommandBase b)
    {
        var file = b.FileArgument();
        var command = new Command("validate", "Check a whole sweep file without creating anything: every error names the field path, line and column, and what is wrong.");
        command.Arguments.Add(file);
        command.SetAction(parse => SweepActionRunner.Run(b.Context, _ =>
        {
            var name = parse.GetValue(file)!;
            var spec = SweepSpecLoader.Load(name);
            var plan = SweepExpander.Plan(spec);
            var o = b.Context.Output;
            var methods = string.Join(", ", plan.Trials.GroupBy(t => t.Config.Method).Select(g => $"{g.Key} x{g.Count()}"));
            // A bayes sweep plans its first points only; the rest are proposed as trials finish.
            var trials = spec.Grid == GridKind.Bayes
                ? $"{SweepExpander.GridPointCount(spec)} trials of {spec.Methods[0]}, proposed {spec.MaxConcurrent} at a time by TPE from the finished ones (optimising {string.Join(", ", spec.Metric!.Names)}{(spec.Metric.Minimize ? ", minimised" : "")})"
                : $"{plan.Trials.Count} trials ({methods})";
            o.WriteLine($"{name}: valid. Sweep {SweepIds.For(spec)} \"{spec.Name}\": {trials}; " +
                        $"swept: {(plan.SweptParameters.Count == 0 ? "nothing" : string.Join(", ", plan.SweptParameters))}; " +
                        $"trial kind {spec.ExecutorKind}, {spec.EvalShards} eval shard(s) per dataset.");
            foreach (var line in plan.CollapseSummary)
                o.WriteLine($"  note: {line}");
            return Task.FromResult(SweepExitCodes.Success);
        }));
        return command;
    }

    public static Command Submit(SweepCommandBase b)
    {
        var file = b.FileArgument();
        var command = new Command("submit", "Validate and submit FILE, print the sweep id (alone on stdout) and return. In embedded mode trials only run while a lorasculpt process hosts the silo: continue with `sweep resume ID` or `sweep watch ID`; on a cluster they run at once.");
        command.Arguments.Add(file);
        b.SetAction(command, async (parse, signals) =>
        {
            var spec = SweepSpecLoader.Load(parse.GetValue(file)!);
            await using var session = await b.OpenAsync(parse, signals.Token);
            var submission = await session.Client.SubmitAsync(spec);
            b.Context.Output.WriteLine(submission.SweepId);
            var s = submission.Status;
            var what = submission.Created ? $"Submitted sweep {submission.SweepId} ({spec.Name}): {s.Total} trials." : $"Sweep {submission.SweepId} ({spec.Name}) already exists: {s.Completed}/{s.Total} trials completed.";
            var next = session.Mode switch
            {
                SweepSessionMode.EmbeddedSilo => $" Embedded mode: it is recorded in {session.Location} and runs while a lorasculpt process hosts the silo; run `lorasculpt sweep resume {submission.SweepId}{b.OptionsHint(parse)}` (or `sweep watch`) to execute it here.",
                SweepSessionMode.EmbeddedClient => $" The lorasculpt process hosting {session.Location} executes it; follow it with `lorasculpt sweep watch {submission.SweepId}{b.OptionsHint(parse)}`.",
                _ => $" It runs on {session.Location}; follow it with `lorasculpt sweep watch {submission.SweepId}`.",
            };
            b.Context.Error.WriteLine(what + next);
            return SweepExitCodes.Success;
        });
        return command;
    }
}
