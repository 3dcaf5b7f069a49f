using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.RegularExpressions;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Settings;
using LoRASculpt.Core.Suites;
using LoRASculpt.Training;
using static TorchSharp.torch;
using LoRASculpt.Training.Finetuning;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Execution;

/// <summary>
/// Trial kind "torch" on one worker slot: one <see cref="TrialRunner"/> (so the base model is loaded once and
/// reused), training with checkpoints mirrored to the artifact store so an interrupted trial resumes from its
/// last checkpoint on any silo, the final adapter uploaded, and evaluation shards run on downloaded adapters.
/// Failures are classified by <see cref="JobFailureClassifier"/>. Called on the worker's job thread only.
/// </summary>
public sealed partial class TorchJobExecutor : IJobExecutor
{
    private readonly IArtifactStore _store;
    private readonly SharedBaseModels _baseModels;
    private readonly string _workDirectory;
    private readonly TrialRunner _runner;
    private readonly string _workerId;
    private readonly PretrainingRelay _pretraining;

    public TorchJobExecutor(IArtifactStore store, TorchJobExecutorOptions options, string workerId, Device? device = null)
    {
        _store = store;
        _workerId = workerId;
        var local = Path.GetFullPath(options.LocalDirectory);
        _workDirectory = Path.Combine(local, "torch-work", SafeName(workerId));
        _pretraining = new PretrainingRelay();
        var models = new ModelDirectoryResolver(store, options);
        var runnerOptions = new TrialRunnerOptions
        {
            PretrainingProgress = _pretraining,
            Pretraining = options.Pretraining ?? PretrainingOptions.Default,
            Device = device,
            // A checkpoint directory is this silo's copy: a configured path, the path itself, or a download from the store.
            ResolveModelDirectory = models.Resolve,
        };
        _runner = new TrialRunner(local, runnerOptions);
        _baseModels = new SharedBaseModels(store, local, runnerOptions, options.ShareBaseModels);
    }

    public TrainingOutcome Train(TrainingJob job, IProgress<JobProgress> progress, CancellationToken cancellationToken)
    {
        var settings = Settings(job.Config);
        var sync = new CheckpointSync(_store, job.TrialId, Path.Combine(_workDirectory, "checkpoints", job.TrialId));
        try
        {
            LoadBase(settings, progress, cancellationToken);
            sync.Restore(cancellationToken);
            var adapterPath = Path.Combine(_workDirectory, "adapters", job.TrialId, $"a{job.Attempt}", "adapter.safetensors");
            Directory.CreateDirectory(Path.GetDirectoryName(adapterPath)!);
            var relay = new CheckpointingProgress(progress, sync, cancellationToken);
            var result = _runner.Train(settings, new TrainOptions(adapterPath, sync.LocalDirectory), relay, cancellationToken);

            var adapterKey = TrialArtifactKeys.Adapter(job.TrialId, job.Attempt);
            using (var adapter = File.OpenRead(result.AdapterPath))
                _store.WriteAsync(adapterKey, adapter, cancellationToken).GetAwaiter().GetResult();
            return new TrainingOutcome(adapterKey, Diagnostics(result), result.Duration, result.ResumedFromStep) { Curve = relay.Curve.ToImmutable() };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Keep the checkpoint saved just before the stop, so the next attempt starts from it.
            TryUpload(sync);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw JobFailureClassifier.Classify(e);
        }
    }

    public EvalShardOutcome EvaluateShard(EvalShardJob job, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var settings = Settings(job.Config);
        try
        {
            LoadBase(settings, progress: null, cancellationToken);
            var adapterPath = DownloadAdapter(job, cancellationToken);
            var predictions = _runner.Evaluate(settings, adapterPath, job.Dataset, job.ShardIndex, job.ShardCount, cancellationToken);
            var items = predictions.Select(p => new EvalItem(p.Id, p.Prediction, [.. p.References])).ToImmutableArray();
            // A suite dataset is scored by its suite's metric, and its results carry the suite's content version.
            return settings.Suite is { } suite
                ? new EvalShardOutcome(job.Dataset, job.ShardIndex, job.ShardCount, items, clock.Elapsed, suite.VersionKey, suite.Get(job.Dataset).Metric.ToString())
                : new EvalShardOutcome(job.Dataset, job.ShardIndex, job.ShardCount, items, clock.Elapsed, BenchmarkData.Version);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw JobFailureClassifier.Classify(e);
        }
    }

    public void Dispose() => _runner.Dispose();

    /// <summary>The trial's settings; its suite file is read anew for each job, so results record the suite as it is now.</summary>
    private static TrialSettings Settings(TrialConfig config) =>
        TrialSettings.Create(config.Method, config.BaseModel, config.TargetTask, config.SourceTasks, config.Hyperparameters,
            config.Suite.Length > 0 ? EvaluationSuiteFile.Load(config.Suite) : null);

    /// <summary>Loads, downloads or pretrains the base model; a training job's watchers see which (<see cref="TrainingPhase"/>).</summary>
    private void LoadBase(TrialSettings settings, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        if (settings.IsCheckpointModel)
        {
            // Nothing to pretrain or share: the checkpoint is resolved (downloaded at most once per silo) and loaded,
            // which takes minutes for a 7B model the first time; watchers see "waiting for base model" meanwhile.
            progress?.Report(new JobProgress(0, 0, double.NaN, 0, TrainingPhase.WaitingForBase));
            _runner.BaseModel(settings, cancellationToken);
            return;
        }
        var preset = settings.BaseModel;
        // Held while this slot pretrains, so other silos wait for its copy instead of pretraining too.
        using var claim = _baseModels.Acquire(preset, _workerId,
            waiting: () => progress?.Report(new JobProgress(0, 0, double.NaN, 0, TrainingPhase.WaitingForBase)), cancellationToken);
        _pretraining.Job = progress;
        try
        {
            var before = _runner.LastPretraining;
            _runner.BaseModel(preset, cancellationToken);
            if (_runner.LastPretraining is not null && !ReferenceEquals(before, _runner.LastPretraining) && !_baseModels.Publish(preset, cancellationToken))
            {
                // Another silo published its base first: use that one, as every other trial of the sweep does.
                _runner.ForgetBase(preset);
                _runner.BaseModel(preset, cancellationToken);
            }
        }
        finally
        {
            _pretraining.Job = null;
        }
    }

    /// <summary>The adapter of the trial's attempt, cached locally (eval shards of one trial share it).</summary>
    private string DownloadAdapter(EvalShardJob job, CancellationToken cancellationToken)
    {
        ArtifactKey.Validate(job.AdapterKey);
        var path = Path.Combine(_workDirectory, "adapter-cache", Path.Combine(job.AdapterKey.Split('/')));
        if (File.Exists(path))
            return path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var source = _store.OpenReadAsync(job.AdapterKey, cancellationToken).GetAwaiter().GetResult()
                ?? throw new FileNotFoundException($"Adapter '{job.AdapterKey}' of trial {job.TrialId} is not in the artifact store."))
            using (var target = File.Create(temp))
                source.CopyTo(target);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
        return path;
    }

    private static void TryUpload(CheckpointSync sync)
    {
        try
        {
            sync.UploadNew(CancellationToken.None);
        }
        catch (IOException)
        {
            // Best effort while stopping: the previous checkpoint is still stored.
        }
    }

    private static TrainingDiagnostics Diagnostics(TrainResult result)
    {
        var d = result.Diagnostics;
        return new TrainingDiagnostics(
            [.. d.Densities.Select(m => new ModuleDensity(m.Module, m.DensityA, m.DensityB, m.DensityBA, m.ExpectedDensityBA))],
            d.FinalLossTerms.ToImmutableSortedDictionary(StringComparer.Ordinal),
            d.MeanStepMilliseconds,
            d.SamplesPerSecond,
            d.Steps,
            d.Notes.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    private static string SafeName(string workerId) => UnsafeCharacters().Replace(workerId, "_");

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeCharacters();

    /// <summary>Pretraining steps go to the training job that waits for them, as its progress.</summary>
    private sealed class PretrainingRelay : IProgress<PretrainingProgress>
    {
        /// <summary>Set on the job thread around base-model loading only.</summary>
        public IProgress<JobProgress>? Job { get; set; }

        public void Report(PretrainingProgress value) =>
            Job?.Report(new JobProgress(value.Step, value.TotalSteps, value.Loss, 0, TrainingPhase.PretrainingBase));
    }

    /// <summary>
    /// Forwards step progress (with its forgetting-curve point, if one was measured) to the worker, keeps the job's
    /// curve for its outcome, and uploads each checkpoint soon after the fine-tuner saves it.
    /// </summary>
    private sealed class CheckpointingProgress(IProgress<JobProgress> progress, CheckpointSync sync, CancellationToken cancellationToken) : IProgress<TrainProgress>
    {
        public ImmutableArray<CurvePoint>.Builder Curve { get; } = ImmutableArray.CreateBuilder<CurvePoint>();

        public void Report(TrainProgress value)
        {
            var point = value.Curve is { } p ? new CurvePoint(p.Step, p.Source, p.Target) : null;
            if (point is not null) Curve.Add(point);
            progress.Report(new JobProgress(value.Step, value.TotalSteps, value.Loss, value.SamplesPerSecond)
            {
                Curve = point is null ? [] : [point],
            });
            sync.UploadNew(cancellationToken);
        }
    }
}
