using System.CommandLine;
using LoRASculpt.Cli.Hosting;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary><c>sweep run</c>, <c>sweep watch</c> and <c>sweep resume</c>: the commands that follow a sweep to its end.</summary>
internal static class SweepRunCommands
{
    public static Command Run(SweepCommandBase b)
    {
        var file = b.FileArgument();
        var output = OutputOption("Results folder (default: ./lorasculpt-results/<name>-<sweep id>).");
        var command = new Command("run", "Validate FILE, submit it, show live progress until it finishes, then print the results table and write CSV/JSON/Markdown and PNG plots. Running the same file again resumes it: completed trials are not re-run.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        b.SetAction(command, async (parse, signals) =>
        {
            var spec = SweepSpecLoader.Load(parse.GetValue(file)!);
            await using var session = await b.OpenAsync(parse, signals.Token);
            var submission = await session.Client.SubmitAsync(spec);
            var s = submission.Status;
            b.Context.Output.WriteLine(submission.Created
                ? $"Submitted sweep {submission.SweepId} ({spec.Name}): {s.Total} trials, executing in {Where(session)}."
                : $"Sweep {submission.SweepId} ({spec.Name}) was submitted before: {s.Completed}/{s.Total} trials completed, {s.Failed} failed{StoppedEarly(s)}; running the rest in {Where(session)} (completed trials are not re-run).");
            return await b.Follower(session, signals, parse).FollowAsync(submission.SweepId, parse.GetValue(output), writeFiles: true);
        });
        return command;
    }

    public static Command Watch(SweepCommandBase b)
    {
        var id = b.IdArgument();
        var output = OutputOption("Also write the results folder here when the sweep finishes.");
        var command = new Command("watch", "Show a sweep's live progress until it finishes, then its results table. In embedded mode this process hosts the silo, so it also executes the sweep's remaining trials.");
        command.Arguments.Add(id);
        command.Options.Add(output);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var sweepId = await SweepCommandBase.ResolveAsync(session, parse.GetValue(id)!);
            var status = await session.Client.GetStatusAsync(sweepId) ?? throw new UnknownSweepException(sweepId, session.Location);
            if (session.ExecutesLocally && status.State == SweepState.Running)
            {
                await session.Client.ResumeAsync(sweepId);
                b.Context.Output.WriteLine($"Sweep {sweepId} ({status.Name}): executing its remaining {status.Total - status.Finished} trials in {Where(session)}.");
            }
            var outputDirectory = parse.GetValue(output);
            return await b.Follower(session, signals, parse).FollowAsync(sweepId, outputDirectory, writeFiles: outputDirectory is not null);
        });
        return command;
    }

    public static Command Resume(SweepCommandBase b)
    {
        var id = b.IdArgument();
        var output = OutputOption("Results folder (default: ./lorasculpt-results/<name>-<sweep id>).");
        var command = new Command("resume", "Continue an interrupted or cancelled sweep: queued and interrupted trials run again (from their last checkpoint), completed and failed ones are kept. Follows it to the end like `run`.");
        command.Arguments.Add(id);
        command.Options.Add(output);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var sweepId = await SweepCommandBase.ResolveAsync(session, parse.GetValue(id)!);
            var s = await session.Client.ResumeAsync(sweepId) ?? throw new UnknownSweepException(sweepId, session.Location);
            b.Context.Output.WriteLine($"Resumed sweep {sweepId} ({s.Name}): {s.Completed}/{s.Total} trials completed, {s.Failed} failed{StoppedEarly(s)}; running the rest in {Where(session)}.");
            return await b.Follower(session, signals, parse).FollowAsync(sweepId, parse.GetValue(output), writeFiles: true);
        });
        return command;
    }

    private static Option<string?> OutputOption(string description) => new("--output", "-o") { Description = description };

    /// <summary>", 2 stopped early" when early termination stopped trials (they are finished, not re-run), else "".</summary>
    private static string StoppedEarly(SweepStatus s) => s.StoppedEarly > 0 ? $", {s.StoppedEarly} stopped early" : "";

    private static string Where(SweepSession session) => session.Mode switch
    {
        SweepSessionMode.EmbeddedSilo => $"this process (embedded silo, data in {session.Location})",
        SweepSessionMode.EmbeddedClient => $"the lorasculpt process already hosting {session.Location}",
        _ => session.Location,
    };
}
