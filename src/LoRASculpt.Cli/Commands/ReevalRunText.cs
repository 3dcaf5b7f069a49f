using LoRASculpt.Contracts.Reevaluation;

namespace LoRASculpt.Cli.Commands;

/// <summary>The lines <c>reeval list</c> prints under a schedule: its current run and recent runs, each failed entry with its reason.</summary>
public static class ReevalRunText
{
    /// <summary>Recent runs shown per schedule.</summary>
    public const int RecentRuns = 3;

    public static IEnumerable<string> Lines(ReevaluationScheduleInfo info)
    {
        if (info.CurrentRun is { } run)
        {
            yield return $"    running {run.RunId}: {run.Evaluated} evaluated, {run.FailedEntries.Length} failed, {run.Pending} pending, {run.Skipped} already current";
            foreach (var line in FailureLines(run))
                yield return line;
        }
        foreach (var past in info.RecentRuns.Take(RecentRuns))
        {
            yield return $"    {past.State.ToString().ToLowerInvariant()} {past.RunId} ({past.Trigger}): {past.Evaluated} evaluated, {past.FailedEntries.Length} failed, {past.Skipped} already current, {past.Pending} not done";
            foreach (var line in FailureLines(past))
                yield return line;
        }
    }

    private static IEnumerable<string> FailureLines(ReevaluationRunSummary run) =>
        run.FailedEntries.Select(f => $"      failed {f.EntryId} on {f.SuiteVersion}: {f.Message}");
}
