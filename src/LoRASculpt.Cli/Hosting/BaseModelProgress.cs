using System.Globalization;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Cli.Hosting;

/// <summary>
/// The latest base-model pretraining step of the embedded silo's workers. On a fresh machine the first trial
/// waits minutes for it, so the progress views show it instead of a silent "starting".
/// </summary>
public sealed class BaseModelProgress(TimeProvider clock) : IProgress<PretrainingProgress>
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(60);
    private (PretrainingProgress Progress, DateTimeOffset At)? _latest;

    public void Report(PretrainingProgress value) => _latest = (value, clock.GetUtcNow());

    /// <summary>"base model: pretraining step 300/1500, loss 2.1234 (1:05; once per machine, then reused)", or null when none is running.</summary>
    public string? Describe()
    {
        if (_latest is not { } latest || latest.Progress.Step >= latest.Progress.TotalSteps || clock.GetUtcNow() - latest.At > Stale)
            return null;
        var p = latest.Progress;
        var c = CultureInfo.InvariantCulture;
        return $"base model: pretraining step {p.Step.ToString(c)}/{p.TotalSteps.ToString(c)}, loss {p.Loss.ToString("F4", c)} " +
               $"({Rendering.RunningTrialRow.Duration(p.Elapsed)}; once per machine, then reused)";
    }
}
