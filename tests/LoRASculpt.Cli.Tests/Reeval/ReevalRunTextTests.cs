using LoRASculpt.Cli.Commands;
using LoRASculpt.Contracts.Reevaluation;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Cli.Tests.Reeval;

/// <summary>What <c>reeval list</c> prints under a schedule: runs with counts, and each failed entry with its reason.</summary>
public sealed class ReevalRunTextTests
{
    private static readonly DateTime At = new(2026, 3, 1, 3, 0, 0, DateTimeKind.Utc);

    private static readonly ReevaluationScheduleSpec Spec = new("0 3 * * *", "tiny-llava", "icon-mc", ReevaluationSelection.Top(3, ResultMetric.Avg), 1);

    [Fact]
    public void Failed_entries_are_listed_under_their_run_with_the_reason()
    {
        var failures = new ReevaluationEntryFailure[] { new("t-bad", "bench-v3", "Adapter 'adapters/t-bad/a1' is not in the artifact store (job x, gave up after 3 attempts)") };
        var run = new ReevaluationRunSummary("re-1/20260301T0300Z", "cron", At, At, At.AddMinutes(5), ReevaluationRunState.Completed, 3, 0, 2, 0, ["t-a", "t-bad", "t-c"], [.. failures]);
        // A summary stored before failures were kept has a default array: it reads as none.
        var older = run with { RunId = "re-1/20260228T0300Z", Failures = default };
        var info = new ReevaluationScheduleInfo("re-1", Spec, ReevaluationScheduleState.Active, At, At.AddDays(1), null, [run, older], 2);

        var lines = ReevalRunText.Lines(info).ToArray();

        Assert.Equal(
        [
            "    completed re-1/20260301T0300Z (cron): 2 evaluated, 1 failed, 0 already current, 0 not done",
            "      failed t-bad on bench-v3: Adapter 'adapters/t-bad/a1' is not in the artifact store (job x, gave up after 3 attempts)",
            "    completed re-1/20260228T0300Z (cron): 2 evaluated, 0 failed, 0 already current, 0 not done",
        ], lines);
    }
}
