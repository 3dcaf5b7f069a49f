using System.CommandLine;
using System.Text.Json;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Reporting;
using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Cli.Commands;

/// <summary>
/// <c>lorasculpt leaderboard</c>: top, show, pareto and export over the standing leaderboard of completed trials, on the
/// embedded silo or a cluster (the sweep commands' --data-dir / --cluster options).
/// </summary>
public static class LeaderboardCommand
{
    /// <summary>No entry has the id given to <c>show</c>.</summary>
    public const int UnknownEntry = SweepExitCodes.UnknownSweep;

    public static Command Create(SweepCommandContext? context = null)
    {
        var globals = new SweepGlobalOptions();
        var b = new SweepCommandBase(context ?? new SweepCommandContext(), globals);
        var command = new Command("leaderboard", "The standing leaderboard: every completed trial, per (base model, target task), with its scoring history.");
        foreach (var option in globals.All)
            command.Options.Add(option);
        command.Subcommands.Add(Top(b));
        command.Subcommands.Add(Show(b));
        command.Subcommands.Add(Pareto(b));
        command.Subcommands.Add(Export(b));
        return command;
    }

    private static Command Top(SweepCommandBase b)
    {
        var options = new LeaderboardCliOptions();
        var metric = new Option<string>("--metric", "-m") { Description = "Rank by avg, source or target.", DefaultValueFactory = _ => "avg" };
        metric.AcceptOnlyFromAmong("avg", "source", "target");
        var k = new Option<int>("-k", "--top") { Description = "How many entries (1-1000).", DefaultValueFactory = _ => 20 };
        var offset = new Option<int>("--offset") { Description = "Skip this many entries first.", DefaultValueFactory = _ => 0 };
        var after = new Option<string?>("--after") { Description = "Continue after this cursor (printed as 'next' by the previous page)." };
        var format = FormatOption("table", "json");
        var byPoint = new Option<bool>("--by-point") { Description = "Fold entries that differ only in their seed into one row: mean ± std (n) of the metric, ranked by the mean." };
        var command = new Command("top", "The best entries of a board by avg, source or target, with filters and pagination.");
        foreach (var option in options.Board.Concat(options.Filters).Concat([metric, k, offset, after, format, byPoint]))
            command.Options.Add(option);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var client = Client(session);
            var (model, task) = await options.BoardAsync(parse, client);
            LeaderboardQuery query;
            try
            {
                var cursor = parse.GetValue(after) is { } text ? LeaderboardCursor.Parse(text) : null;
                query = new LeaderboardQuery(LeaderboardArguments.Metric(parse.GetValue(metric)), options.Filter(parse), parse.GetValue(k), parse.GetValue(offset), cursor);
                query.Validate();
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new UsageException($"error: {e.Message.Split(" (Parameter")[0]}");
            }
            if (parse.GetValue(byPoint))
            {
                var entries = new List<LeaderboardEntry>();
                await foreach (var entry in client.ExportAsync(model, task, query.Filter, signals.Token))
                    entries.Add(entry);
                var points = LeaderboardPoints.Rank(entries, query.Metric).Skip(query.Offset).Take(query.Limit).ToArray();
                if (parse.GetValue(format) == "json")
                    b.Context.Output.WriteLine(JsonSerializer.Serialize(points.Select(p => new
                    {
                        method = p.Method, settings = p.Settings, entries = p.Entries.Select(e => e.EntryId), seeds = p.Entries.Select(e => e.Seed ?? "0"),
                        mean = p.Score.Mean, std = p.Score.Std, n = p.Score.N, suite_versions = p.SuiteVersions,
                    }), LeaderboardJson.Options));
                else
                {
                    b.Context.Output.WriteLine($"Leaderboard {model} / {task}, grid points by mean {query.Metric.ToString().ToLowerInvariant()} over seeds");
                    LeaderboardPrinter.Points(b.Context.Output, points, query.Offset + 1);
                }
                return SweepExitCodes.Success;
            }
            var page = await client.TopAsync(model, task, query);
            if (parse.GetValue(format) == "json")
            {
                b.Context.Output.WriteLine(JsonSerializer.Serialize(LeaderboardJson.View(page), LeaderboardJson.Options));
                return SweepExitCodes.Success;
            }
            b.Context.Output.WriteLine($"Leaderboard {model} / {task}, top by {query.Metric.ToString().ToLowerInvariant()} (read {page.PartitionsRead} of {page.PartitionsTotal} partitions)");
            LeaderboardPrinter.Table(b.Context.Output, page.Entries, query.Offset + 1);
            if (page.Next is { } next)
                b.Context.Output.WriteLine($"next: --after {next}");
            return SweepExitCodes.Success;
        });
        return command;
    }

    private static Command Show(SweepCommandBase b)
    {
        var entry = new Argument<string>("ENTRY") { Description = "Entry id (the trial id)." };
        var format = FormatOption("table", "json");
        var command = new Command("show", "One entry: its config, adapter, scores and its score history across re-evaluations.");
        command.Arguments.Add(entry);
        command.Options.Add(format);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var id = parse.GetValue(entry)!;
            if (await Client(session).GetAsync(id) is not { } found)
            {
                b.Context.Error.WriteLine($"error: no leaderboard entry '{id}' in {session.Location}.");
                return UnknownEntry;
            }
            if (parse.GetValue(format) == "json")
                b.Context.Output.WriteLine(JsonSerializer.Serialize(LeaderboardJson.View(found), LeaderboardJson.Options));
            else
                LeaderboardPrinter.Entry(b.Context.Output, found);
            return SweepExitCodes.Success;
        });
        return command;
    }

    private static Command Pareto(SweepCommandBase b)
    {
        var options = new LeaderboardCliOptions();
        var format = FormatOption("table", "json");
        var command = new Command("pareto", "The entries on the Source-vs-Target Pareto front of a board (no entry is better in both).");
        foreach (var option in options.Board.Concat(options.Filters).Append(format))
            command.Options.Add(option);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var client = Client(session);
            var (model, task) = await options.BoardAsync(parse, client);
            var front = await client.ParetoAsync(model, task, options.Filter(parse));
            if (parse.GetValue(format) == "json")
            {
                b.Context.Output.WriteLine(JsonSerializer.Serialize(LeaderboardJson.View(front), LeaderboardJson.Options));
                return SweepExitCodes.Success;
            }
            b.Context.Output.WriteLine($"Pareto front of {model} / {task} (Source ascending): {front.Length} entries");
            LeaderboardPrinter.Table(b.Context.Output, front, 1);
            return SweepExitCodes.Success;
        });
        return command;
    }

    private static Command Export(SweepCommandBase b)
    {
        var options = new LeaderboardCliOptions();
        var format = FormatOption("csv", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", "Every matching entry of a board as CSV (hyperparameters as hp.* columns) or JSON (with score history).");
        foreach (var option in options.Board.Concat(options.Filters).Concat([format, output]))
            command.Options.Add(option);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var client = Client(session);
            var (model, task) = await options.BoardAsync(parse, client);
            var entries = new List<LeaderboardEntry>();
            await foreach (var entry in client.ExportAsync(model, task, options.Filter(parse), signals.Token))
                entries.Add(entry);
            entries.Sort((x, y) => y.Avg.CompareTo(x.Avg) is var c && c != 0 ? c : string.CompareOrdinal(x.EntryId, y.EntryId));
            var path = parse.GetValue(output);
            await using var file = path is null ? null : new StreamWriter(path);
            var o = (TextWriter?)file ?? b.Context.Output;
            if (parse.GetValue(format) == "json")
            {
                o.WriteLine(JsonSerializer.Serialize(new { base_model = model, target_task = task, entries = entries.Select(LeaderboardJson.View) }, LeaderboardJson.Options));
            }
            else
            {
                var hyper = entries.SelectMany(e => e.Config.Hyperparameters.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
                o.WriteLine(LeaderboardCsv.Header(hyper));
                foreach (var entry in entries)
                    o.WriteLine(LeaderboardCsv.Row(entry, hyper));
            }
            if (path is not null)
                b.Context.Error.WriteLine($"Wrote {entries.Count} entries to {path}.");
            return SweepExitCodes.Success;
        });
        return command;
    }

    private static Option<string> FormatOption(params string[] formats)
    {
        var option = new Option<string>("--format", "-f") { Description = string.Join(" or ", formats) + ".", DefaultValueFactory = _ => formats[0] };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    internal static LeaderboardClient Client(Hosting.SweepSession session) =>
        new(session.Services.GetRequiredService<IGrainFactory>());
}
