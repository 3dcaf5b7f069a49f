using System.Diagnostics;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LoRASculpt.Cli.Rendering;

/// <summary>
/// A redrawing terminal view: an overall bar (finished / total, with completed, failed, running, queued) and a
/// table of the running trials with id, method, swept values, phase, step, loss, samples/s and ETA.
/// </summary>
public sealed class LiveSweepProgressView(IAnsiConsole console) : ISweepProgressView
{
    private const int BarWidth = 40;

    public async Task<SweepStatus?> FollowAsync(IAsyncEnumerable<SweepStatus> statuses, TrialLabels labels, CancellationToken cancellationToken)
    {
        SweepStatus? last = null;
        var clock = Stopwatch.StartNew();
        await console.Live(new Text("Connecting..."))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                await foreach (var status in statuses.WithCancellation(cancellationToken))
                {
                    last = status;
                    context.UpdateTarget(Render(status, labels, clock.Elapsed));
                    context.Refresh();
                }
            });
        return last;
    }

    public static IRenderable Render(SweepStatus status, TrialLabels labels, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        var filled = status.Total == 0 ? BarWidth : (int)Math.Round(BarWidth * (double)status.Finished / status.Total);
        var failedCells = status.Total == 0 ? 0 : Math.Min(filled, (int)Math.Round(BarWidth * (double)status.Failed / status.Total));
        var bar = $"[red]{new string('━', failedCells)}[/][green]{new string('━', filled - failedCells)}[/][grey]{new string('━', BarWidth - filled)}[/]";
        var summary = $"{bar} [bold]{status.Finished.ToString(c)}/{status.Total.ToString(c)}[/] " +
                      $"[green]{status.Completed.ToString(c)} completed[/], " +
                      (status.Failed > 0 ? $"[red]{status.Failed.ToString(c)} failed[/], " : "") +
                      (status.StoppedEarly > 0 ? $"[blue]{status.StoppedEarly.ToString(c)} stopped early[/], " : "") +
                      $"{(status.Training + status.Evaluating).ToString(c)} running, {status.Queued.ToString(c)} queued " +
                      $"[grey]({RunningTrialRow.Duration(elapsed)})[/]";
        var header = new Markup($"[bold]{Markup.Escape(status.Name)}[/] [grey]{Markup.Escape(status.SweepId)}[/]");

        var rows = RunningTrialRow.From(status, labels);
        var lines = new List<IRenderable> { header, new Markup(summary) };
        if (rows.Count == 0)
            return new Rows(lines);

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Trial").AddColumn("Method").AddColumn("Swept values").AddColumn("Phase")
            .AddColumn(new TableColumn("Step").RightAligned()).AddColumn(new TableColumn("Loss").RightAligned())
            .AddColumn(new TableColumn("Samples/s").RightAligned()).AddColumn(new TableColumn("ETA").RightAligned());
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.TrialId), Markup.Escape(r.Method), Markup.Escape(r.SweptValues), Markup.Escape(r.Phase),
                Markup.Escape(r.Step), Markup.Escape(r.Loss), Markup.Escape(r.SamplesPerSecond), Markup.Escape(r.Eta));
        }
        lines.Add(table);
        return new Rows(lines);
    }
}
