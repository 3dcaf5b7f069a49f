using LoRASculpt.Core.Scoring;
using LoRASculpt.Training.Diagnostics;
using LoRASculpt.Training.Evaluation;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Training;

/// <summary>Where a training run writes: the final adapter file and (optionally) its resumable checkpoints.</summary>
public sealed record TrainOptions(string AdapterPath, string? CheckpointDirectory = null);

/// <summary>A finished fine-tuning run.</summary>
public sealed record TrainResult(string AdapterPath, TrialDiagnostics Diagnostics, TimeSpan Duration, int ResumedFromStep);

/// <summary>One evaluated task of a trial, on the 0-100 scale.</summary>
public sealed record TaskResult(string Task, string Metric, bool IsTarget, double Score, int Samples, IReadOnlyList<PredictionItem> Predictions);

/// <summary>A whole trial run in one process (what <c>lorasculpt train</c> prints).</summary>
public sealed record TrialReport(
    TrainResult Training,
    IReadOnlyList<TaskResult> Tasks,
    SuiteScore Scores,
    TimeSpan EvaluationTime,
    PretrainingReport? Pretraining);

/// <summary>Settings of a <see cref="TrialRunner"/> that are not per trial.</summary>
public sealed record TrialRunnerOptions
{
    /// <summary>Seed of the base model (its initial weights and pretraining stream).</summary>
    public long BaseSeed { get; init; }

    /// <summary>Seed of the benchmark data a trial trains and evaluates on (fixed across trials so they compare).</summary>
    public int DataSeed { get; init; }

    public PretrainingOptions Pretraining { get; init; } = PretrainingOptions.Default;

    public IProgress<PretrainingProgress>? PretrainingProgress { get; init; }

    /// <summary>Base models shipped with the build, used instead of pretraining when they match; null = always pretrain.</summary>
    public ShippedBaseModels? ShippedBaseModels { get; init; } = LoRASculpt.Training.Pretraining.ShippedBaseModels.Default;

    /// <summary>Told why a shipped base model was not used (it is for another benchmark version, shape or recipe).</summary>
    public Action<string>? BaseModelNotice { get; init; }

    public int EvaluationBatchSize { get; init; } = Evaluator.DefaultBatchSize;

    /// <summary>
    /// The worker slot's device: base model, adapters, masks, CMR maps, optimizer state and batches live on it.
    /// Null = the CPU.
    /// </summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>
    /// Maps a trial's checkpoint reference to this machine's copy of the directory (a cluster silo's configured path
    /// or download); null = the reference is a local path.
    /// </summary>
    public Func<string, CancellationToken, string>? ResolveModelDirectory { get; init; }
}
