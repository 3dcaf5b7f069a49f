using System.CommandLine;
using System.Globalization;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Reevaluation;
using LoRASculpt.Grains.Reevaluation;
using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Cli.Commands;

/// <summary>
/// <c>lorasculpt reeval</c>: schedule (cron, UTC), list, run-now and cancel re-evaluations of leaderboard entries on the
/// current evaluation suite. Schedules are Orleans reminders: they survive restarts of the silo or the cluster.
/// </summary>
public static class ReevalCommand
{
    public const int UnknownSchedule = SweepExitCodes.UnknownSweep;

    public static Command Create(SweepCommandContext? context = null)
    {
        var globals = new SweepGlobalOptions();
        var b = new SweepCommandBase(context ?? new SweepCommandContext(), globals);
        var command = new Command("reeval", "Scheduled re-evaluation of leaderboard entries on the current evaluation suite (history is kept).");
        foreach (var option in globals.All)
            command.Options.Add(option);
        command.Subcommands.Add(Schedule(b));
        command.Subcommands.Add(List(b));
        command.Subcommands.Add(RunNow(b));
        command.Subcommands.Add(Cancel(b));
        return command;
    }

    private static Command Schedule(SweepCommandBase b)
    {
        var cron = new Option<string>("--cron") { Description = "Five-field cron expression in UTC, e.g. \"0 3 * * *\" (nightly at 03:00).", Required = true };
        var select = new Option<string>("--select") { Description = "top:N[:avg|source|target] or suite-older-than:VERSION.", Required = true };
        var model = new Option<string>("--model") { Description = "Base model of the board.", Required = true };
        var task = new Option<string>("--task") { Description = "Target task of the board.", Required = true };
        var shards = new Option<int>("--eval-shards") { Description = "Evaluation shards per dataset (1-64).", DefaultValueFactory = _ => 1 };
        var command = new Command("schedule", "Schedule a re-evaluation; scheduling the same settings again returns the existing schedule.");
        foreach (var option in new Option[] { cron, select, model, task, shards })
            command.Options.Add(option);
        b.SetAction(command, async (parse, signals) =>
        {
            ReevaluationScheduleSpec spec;
            try
            {
                spec = new ReevaluationScheduleSpec(parse.GetValue(cron)!, parse.GetValue(model)!, parse.GetValue(task)!, ReevaluationSelection.Parse(parse.GetValue(select)!), parse.GetValue(shards));
                ReevaluationScheduleGrain.Validate(spec);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new UsageException($"error: {e.Message.Split(" (Parameter")[0]}");
            }
            await using var session = await b.OpenAsync(parse, signals.Token);
            var info = await Client(session).ScheduleAsync(spec);
            b.Context.Output.WriteLine($"Scheduled {info.ScheduleId}: {Describe(info)}");
            return SweepExitCodes.Success;
        });
        return command;
    }

    private static Command List(SweepCommandBase b)
    {
        var command = new Command("list", "List re-evaluation schedules: cron, selection, next run, current and recent runs, and why entries failed.");
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var schedules = await Client(session).ListAsync();
            if (schedules.IsEmpty)
                b.Context.Output.WriteLine($"No re-evaluation schedules in {session.Location}.");
            foreach (var info in schedules)
            {
                b.Context.Output.WriteLine($"{info.ScheduleId}  {Describe(info)}");
                foreach (var line in ReevalRunText.Lines(info))
                    b.Context.Output.WriteLine(line);
            }
            return SweepExitCodes.Success;
        });
        return command;
    }

    private static Command RunNow(SweepCommandBase b)
    {
        var id = new Argument<string>("ID") { Description = "Schedule id, or a unique prefix of it." };
        var command = new Command("run-now", "Start a run of the schedule now (skipped if one is still running).");
        command.Arguments.Add(id);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            if (await Client(session).RunNowAsync(parse.GetValue(id)!) is not { } trigger)
                return Unknown(b, parse.GetValue(id)!, session.Location);
            b.Context.Output.WriteLine(trigger.Started ? $"Started {trigger.RunId}: {trigger.Reason}." : $"Not started: {trigger.Reason}.");
            return SweepExitCodes.Success;
        });
        return command;
    }

    private static Command Cancel(SweepCommandBase b)
    {
        var id = new Argument<string>("ID") { Description = "Schedule id, or a unique prefix of it." };
        var command = new Command("cancel", "Cancel a schedule: its reminder is removed; scores already recorded stay.");
        command.Arguments.Add(id);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            if (await Client(session).CancelAsync(parse.GetValue(id)!) is not { } info)
                return Unknown(b, parse.GetValue(id)!, session.Location);
            b.Context.Output.WriteLine($"Cancelled {info.ScheduleId}.");
            return SweepExitCodes.Success;
        });
        return command;
    }

    private static int Unknown(SweepCommandBase b, string id, string location)
    {
        b.Context.Error.WriteLine($"error: no re-evaluation schedule with id or id prefix '{id}' in {location}. List them with `lorasculpt reeval list`.");
        return UnknownSchedule;
    }

    private static string Describe(ReevaluationScheduleInfo info)
    {
        var next = info.NextDueUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
        return $"cron \"{info.Spec.Cron}\" UTC, {info.Spec.Selection} of {info.Spec.BaseModel}/{info.Spec.TargetTask}, {info.State.ToString().ToLowerInvariant()}, next {next} UTC, {info.RunsStarted} runs";
    }

    private static ReevaluationClient Client(Hosting.SweepSession session) =>
        new(session.Services.GetRequiredService<IGrainFactory>());
}
