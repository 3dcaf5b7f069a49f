using System.Globalization;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Cli.Rendering;

/// <summary>One running trial as the progress views show it.</summary>
public sealed record RunningTrialRow(
    string TrialId,
    string Method,
    string SweptValues,
    string Phase,
    string Step,
    string Loss,
    string SamplesPerSecond,
    string Eta,
    /// <summary>The latest forgetting-curve point, "step 100: source 55.00 target 30.20", or "-".</summary>
    string Curve = "-")
{
    /// <summary>Short ids are enough to tell trials apart on screen (full ids are in the results files).</summary>
    public const int ShortIdLength = 10;

    public static IReadOnlyList<RunningTrialRow> From(SweepStatus status, TrialLabels labels) =>
        status.Running.OrderBy(t => t.TrialId, StringComparer.Ordinal).Select(t => From(t, labels)).ToArray();

    public static RunningTrialRow From(TrialSnapshot trial, TrialLabels labels)
    {
        var c = CultureInfo.InvariantCulture;
        // A progress record before the first step (no total yet) says nothing worth showing.
        var p = trial.Progress is { TotalSteps: > 0 } reported ? reported : null;
        var training = trial.Status == TrialStatus.Training;
        var fineTuning = training && trial.Progress?.Phase is null or TrainingPhase.FineTuning;
        var phase = trial.Status switch
        {
            TrialStatus.Training when trial.Progress?.Phase == TrainingPhase.PretrainingBase => "pretraining base model",
            TrialStatus.Training when trial.Progress?.Phase == TrainingPhase.WaitingForBase => "waiting for base model",
            TrialStatus.Training when p is null => "starting",
            TrialStatus.Training => "training",
            TrialStatus.Evaluating => "evaluating",
            _ => trial.Status.ToString().ToLowerInvariant(),
        };
        if (trial.Attempt > 1)
            phase += $" (attempt {trial.Attempt})";
        var step = training && p is not null
            ? $"{p.Step.ToString(c)}/{p.TotalSteps.ToString(c)}"
            : trial.Status == TrialStatus.Evaluating ? $"shards {trial.EvalShardsDone.ToString(c)}/{trial.EvalShardsTotal.ToString(c)}" : "-";
        return new RunningTrialRow(
            Short(trial.TrialId),
            labels.MethodOf(trial.TrialId),
            labels.SweptValuesOf(trial.TrialId),
            phase,
            step,
            training && p is not null && double.IsFinite(p.Loss) ? p.Loss.ToString("F4", c) : "-",
            fineTuning && p is not null ? p.SamplesPerSecond.ToString("F1", c) : "-",
            training && p?.Eta is { } eta ? Duration(eta) : "-",
            LatestCurvePoint(trial));
    }

    private static string LatestCurvePoint(TrialSnapshot trial)
    {
        if (trial.Curve.IsDefaultOrEmpty)
            return "-";
        var c = CultureInfo.InvariantCulture;
        var point = trial.Curve[^1];
        return $"step {point.Step.ToString(c)}: source {point.Source.ToString("F2", c)} target {point.Target.ToString("F2", c)}";
    }

    public static string Short(string trialId) => trialId.Length <= ShortIdLength ? trialId : trialId[..ShortIdLength];

    /// <summary>"0:42", "12:05", "1:02:03".</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1
            ? $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}"
            : $"{t.Minutes}:{t.Seconds:D2}";
}
