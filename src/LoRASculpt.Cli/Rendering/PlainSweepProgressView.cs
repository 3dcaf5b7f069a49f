using System.Globalization;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Cli.Rendering;

/// <summary>
/// Progress for redirected output (logs, CI, pipes): one line when the counts change, otherwise at most one
/// line per <see cref="DefaultInterval"/>, each with the running trials' step, loss, samples/s and ETA.
/// </summary>
public sealed class PlainSweepProgressView(TextWriter output, TimeSpan interval, TimeProvider clock) : ISweepProgressView
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    public async Task<SweepStatus?> FollowAsync(IAsyncEnumerable<SweepStatus> statuses, TrialLabels labels, CancellationToken cancellationToken)
    {
        SweepStatus? last = null;
        var started = clock.GetTimestamp();
        var lastLine = long.MinValue;
        (int, int, int, int, int, int, int)? lastCounts = null;
        await foreach (var status in statuses.WithCancellation(cancellationToken))
        {
            last = status;
            var counts = (status.Queued, status.Training, status.Evaluating, status.Completed, status.Failed, status.Cancelled, status.StoppedEarly);
            var now = clock.GetTimestamp();
            if (counts == lastCounts && lastLine != long.MinValue && clock.GetElapsedTime(lastLine, now) < interval && !status.IsFinished)
                continue;
            lastCounts = counts;
            lastLine = now;
            output.WriteLine(Line(status, labels, clock.GetElapsedTime(started, now)));
            foreach (var row in RunningTrialRow.From(status, labels))
                output.WriteLine("    " + TrialLine(row));
            output.Flush();
        }
        return last;
    }

    /// <summary>"[1:05] 3/8 trials finished (3 completed, 0 failed), 2 running, 3 queued".</summary>
    public static string Line(SweepStatus s, TrialLabels labels, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        var line = $"[{RunningTrialRow.Duration(elapsed)}] {s.Finished.ToString(c)}/{s.Total.ToString(c)} trials finished " +
                   $"({s.Completed.ToString(c)} completed, {s.Failed.ToString(c)} failed" +
                   (s.Cancelled > 0 ? $", {s.Cancelled.ToString(c)} cancelled" : "") +
                   (s.StoppedEarly > 0 ? $", {s.StoppedEarly.ToString(c)} stopped early" : "") +
                   $"), {(s.Training + s.Evaluating).ToString(c)} running, {s.Queued.ToString(c)} queued";
        return s.IsFinished ? $"{line} - sweep {s.State.ToString().ToLowerInvariant()}" : line;
    }

    /// <summary>
    /// "t-1a2b3c4d lorasculpt alpha=1e-3 training 40/100 loss 1.2345 52.1 samples/s ETA 0:31", then the latest
    /// forgetting-curve point when there is one: "curve at step 25: source 55.00 target 30.20".
    /// </summary>
    public static string TrialLine(RunningTrialRow r) =>
        string.Join(" ", new[]
        {
            r.TrialId, r.Method, r.SweptValues, r.Phase, r.Step,
            r.Loss == "-" ? "" : $"loss {r.Loss}",
            r.SamplesPerSecond == "-" ? "" : $"{r.SamplesPerSecond} samples/s",
            r.Eta == "-" ? "" : $"ETA {r.Eta}",
            r.Curve == "-" ? "" : $"curve at {r.Curve}",
        }.Where(part => part.Length > 0 && part != "-"));
}
