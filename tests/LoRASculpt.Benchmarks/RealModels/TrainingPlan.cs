using System.Globalization;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Finetuning;

namespace LoRASculpt.Benchmarks.RealModels;

/// <summary>
/// The fine-tuning runs the real-model benchmark times: lora and lorasculpt with the same rank, learning rate, batch and
/// steps; lorasculpt prunes at <see cref="PruneStep"/> (alpha 1e-3, density 0.1, CMR on q,k,v), so every timed step
/// (those after it) carries both the CMR term and mask enforcement.
/// </summary>
internal sealed record TrainingPlan(int Steps, int PruneStep, int Repeats, int BatchSize, int Rank, IReadOnlyList<string> Precisions)
{
    public static readonly string[] Methods = [TrainingMethods.Lora, TrainingMethods.LoraSculpt];

    public static TrainingPlan FromArgs(string[] args)
    {
        var plan = new TrainingPlan(
            BenchmarkArgs.Int(args, "--steps", 5),
            BenchmarkArgs.Int(args, "--prune-step", 1),
            BenchmarkArgs.Int(args, "--repeats", 3),
            BenchmarkArgs.Int(args, "--batch", 2),
            BenchmarkArgs.Int(args, "--rank", 8),
            (BenchmarkArgs.Get(args, "--precision") ?? $"{Precision.BFloat16},{Precision.Float32}").Split(',', StringSplitOptions.RemoveEmptyEntries));
        foreach (var p in plan.Precisions) Precision.ComputeDtype(p); // throws naming a bad one before any work
        if (plan.Steps < plan.PruneStep + 2 || plan.Repeats < 1)
            throw new ArgumentException($"--steps ({plan.Steps}) must exceed --prune-step ({plan.PruneStep}) by 2 or more so steps after pruning are timed; --repeats must be >= 1.");
        return plan;
    }

    /// <summary>Settings validated as a trial's; the preset and target names only pass validation (the model is the checkpoint).</summary>
    public TrialSettings Settings(string method)
    {
        var parameters = new Dictionary<string, string>
        {
            [ParameterNames.Rank] = Rank.ToString(CultureInfo.InvariantCulture),
            [ParameterNames.LoraAlpha] = (2 * Rank).ToString(CultureInfo.InvariantCulture),
            [ParameterNames.LearningRate] = "1e-3",
            [ParameterNames.Steps] = Steps.ToString(CultureInfo.InvariantCulture),
            [ParameterNames.BatchSize] = BatchSize.ToString(CultureInfo.InvariantCulture),
            [ParameterNames.CheckpointEvery] = "0",
        };
        if (method == TrainingMethods.LoraSculpt)
        {
            parameters[ParameterNames.PruneStep] = PruneStep.ToString(CultureInfo.InvariantCulture);
            parameters[ParameterNames.Alpha] = "1e-3";
            parameters[ParameterNames.Density] = "0.1";
        }
        return TrialSettings.Create(method, "tiny-llava", "icon-mc", [], parameters);
    }
}
