using System.CommandLine;
using System.Globalization;
using LoRASculpt.Cli.Rendering;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Reporting;
using Spectre.Console;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary><c>sweep list</c>, <c>sweep status</c>, <c>sweep results</c> and <c>sweep cancel</c>.</summary>
internal static class SweepQueryCommands
{
    public static readonly string[] Formats = ["table", "csv", "json", "markdown"];
    public static readonly string[] Sorts = ["avg", "source", "target"];

    public static Command List(SweepCommandBase b)
    {
        var command = new Command("list", "List the sweeps: id, name, state, trials completed/failed/total, when submitted.");
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var sweeps = await session.Client.ListAsync();
            if (sweeps.IsEmpty)
            {
                b.Context.Output.WriteLine($"No sweeps in {session.Location}.");
                return SweepExitCodes.Success;
            }
            var c = CultureInfo.InvariantCulture;
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("ID").AddColumn("Name").AddColumn("State")
                .AddColumn(new TableColumn("Completed").RightAligned()).AddColumn(new TableColumn("Failed").RightAligned())
                .AddColumn(new TableColumn("Total").RightAligned()).AddColumn("Submitted (UTC)");
            foreach (var s in sweeps.OrderBy(s => s.SubmittedUtc))
            {
                table.AddRow(Markup.Escape(s.SweepId), Markup.Escape(s.Name), s.State.ToString().ToLowerInvariant(),
                    s.Completed.ToString(c), s.Failed.ToString(c), s.Total.ToString(c), s.SubmittedUtc.ToString("yyyy-MM-dd HH:mm:ss", c));
            }
            TerminalConsoles.For(b.Context.Output).Write(table);
            return SweepExitCodes.Success;
        });
        return command;
    }

    public static Command Status(SweepCommandBase b)
    {
        var id = b.IdArgument();
        var command = new Command("status", "Print a sweep's state, trial counts and its running trials (step, loss, samples/s, ETA).");
        command.Arguments.Add(id);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var sweepId = await SweepCommandBase.ResolveAsync(session, parse.GetValue(id)!);
            var status = await session.Client.GetStatusAsync(sweepId) ?? throw new UnknownSweepException(sweepId, session.Location);
            var plan = await session.Client.GetResultsAsync(sweepId) ?? throw new UnknownSweepException(sweepId, session.Location);
            var o = b.Context.Output;
            var c = CultureInfo.InvariantCulture;
            o.WriteLine($"Sweep {status.SweepId} ({status.Name}): {status.State.ToString().ToLowerInvariant()}");
            o.WriteLine($"  trials: {status.Total} total, {status.Completed} completed, {status.Failed} failed, {status.Cancelled} cancelled, {(status.StoppedEarly > 0 ? $"{status.StoppedEarly} stopped early, " : "")}{status.Training} training, {status.Evaluating} evaluating, {status.Queued} queued");
            o.WriteLine($"  submitted {status.SubmittedUtc.ToString("yyyy-MM-dd HH:mm:ss", c)} UTC" +
                        (status.FinishedUtc is { } f ? $", finished {f.ToString("yyyy-MM-dd HH:mm:ss", c)} UTC" : ""));
            var labels = new TrialLabels(plan);
            foreach (var row in RunningTrialRow.From(status, labels))
                o.WriteLine("  " + PlainSweepProgressView.TrialLine(row));
            foreach (var row in plan.Rows.Where(r => r.Status == TrialStatus.StoppedEarly))
                o.WriteLine("  " + string.Join(' ', new[] { row.TrialId, labels.MethodOf(row.TrialId), labels.SweptValuesOf(row.TrialId), "stopped early", row.StopReason ?? "" }.Where(p => p.Length > 0)));
            if (status.State == SweepState.Running && status.Training + status.Evaluating == 0 && session.ExecutesLocally)
                o.WriteLine($"  nothing is executing it now: run `lorasculpt sweep resume {status.SweepId}{b.OptionsHint(parse)}` to continue it here.");
            return SweepExitCodes.Success;
        });
        return command;
    }

    public static Command Results(SweepCommandBase b)
    {
        var id = b.IdArgument();
        var format = new Option<string>("--format", "-f") { Description = "table (paper layout, best highlighted), csv, json or markdown.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        var sort = new Option<string?>("--sort", "-s") { Description = "Order completed trials by avg, source or target, highest first (default: plan order)." };
        sort.AcceptOnlyFromAmong(Sorts);
        var output = new Option<string?>("--output", "-o") { Description = "Also write results.csv/.json/.md and the PNG plots into this folder." };
        var command = new Command("results", "Print a sweep's results table (also while it runs: unfinished trials show their status).");
        command.Arguments.Add(id);
        command.Options.Add(format);
        command.Options.Add(sort);
        command.Options.Add(output);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var sweepId = await SweepCommandBase.ResolveAsync(session, parse.GetValue(id)!);
            var results = await session.Client.GetResultsAsync(sweepId) ?? throw new UnknownSweepException(sweepId, session.Location);
            ResultMetric? sortBy = parse.GetValue(sort) is { } text && ResultsReport.TryParseMetric(text, out var metric) ? metric : null;
            var o = b.Context.Output;
            switch (parse.GetValue(format))
            {
                case "csv": o.Write(CsvResultsWriter.Render(results, sortBy)); break;
                case "json": o.WriteLine(JsonResultsWriter.Render(results, sortBy)); break;
                case "markdown": o.Write(MarkdownResultsWriter.Render(results, sortBy)); break;
                default:
                    TerminalConsoles.For(o).Write(ResultsTable.Build(results, sortBy));
                    if (ParetoSummary.Of(results) is { Scored: >= 2 } pareto)
                        o.Write("\n" + pareto.Describe());
                    break;
            }
            if (parse.GetValue(output) is { } directory)
            {
                var full = Path.GetFullPath(directory);
                var files = SweepResultsFolder.Write(results, full, sortBy);
                b.Context.Error.WriteLine($"Wrote {files.Count} files to {full}.");
            }
            return SweepExitCodes.Success;
        });
        return command;
    }

    public static Command Cancel(SweepCommandBase b)
    {
        var id = b.IdArgument();
        var command = new Command("cancel", "Cancel a sweep: queued trials are dropped and running ones stopped within seconds; completed results are kept. `sweep resume` continues it.");
        command.Arguments.Add(id);
        b.SetAction(command, async (parse, signals) =>
        {
            await using var session = await b.OpenAsync(parse, signals.Token);
            var sweepId = await SweepCommandBase.ResolveAsync(session, parse.GetValue(id)!);
            var s = await session.Client.CancelAsync(sweepId) ?? throw new UnknownSweepException(sweepId, session.Location);
            b.Context.Output.WriteLine($"Sweep {sweepId} ({s.Name}): {s.State.ToString().ToLowerInvariant()}; {s.Completed}/{s.Total} trials completed, {s.Failed} failed, {s.Cancelled} cancelled{(s.StoppedEarly > 0 ? $", {s.StoppedEarly} stopped early" : "")}.");
            return SweepExitCodes.Success;
        });
        return command;
    }
}
