using System.Diagnostics;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Devices;
using LoRASculpt.Training.Diagnostics;
using LoRASculpt.Training.Evaluation;
using LoRASculpt.Training.Finetuning;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.PostHoc;
using LoRASculpt.Training.Pretraining;
using LoRASculpt.Training.Suites;
using LoRASculpt.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training;

/// <summary>
/// Runs trials on one thread: fine-tunes adapters on a cached base model and evaluates them. The base model is
/// either a preset (the build's shipped copy, or pretrained once on the built-in benchmark, under {dataDirectory}/base-models) or a
/// Hugging Face checkpoint directory evaluated on a suite file (<see cref="LlavaCheckpoint"/>); one base model stays
/// resident on the slot's device and only adapters change between trials. Connector weights changed by
/// connector=full are restored to their pristine values after every call. Not thread-safe: one runner per worker thread.
/// </summary>
public sealed class TrialRunner : IDisposable
{
    private readonly TrialRunnerOptions options;
    private readonly BaseModelStore store;
    private readonly WordTokenizer tokenizer = WordTokenizer.ForBenchmark();
    private readonly Dictionary<string, CachedBase> bases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Task, string Split, int Count), IReadOnlyList<BenchmarkSample>> data = [];

    public TrialRunner(string dataDirectory, TrialRunnerOptions? options = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        this.options = options ?? new TrialRunnerOptions();
        store = new BaseModelStore(Path.Combine(DataDirectory, "base-models"), this.options.ShippedBaseModels) { Notice = this.options.BaseModelNotice };
    }

    public string DataDirectory { get; }

    /// <summary>The pretraining report when this runner pretrained a base model itself (null when it was reused).</summary>
    public PretrainingReport? LastPretraining { get; private set; }

    /// <summary>Loads (or pretrains and saves) the base model of a preset; cached for the runner's lifetime.</summary>
    public LlavaForConditionalGeneration BaseModel(string preset, CancellationToken cancellationToken = default) =>
        GetBase(preset, ComputePrecision.Fp32, cancellationToken).Model;

    /// <summary>The base model a trial runs on: its preset, or its checkpoint directory in the trial's precision.</summary>
    public LlavaForConditionalGeneration BaseModel(TrialSettings settings, CancellationToken cancellationToken = default) =>
        GetBase(settings, cancellationToken).Model;

    /// <summary>
    /// Fine-tunes one trial and writes its adapter (AdapterFile format). Resumes from the newest checkpoint
    /// in <see cref="TrainOptions.CheckpointDirectory"/> when one exists.
    /// </summary>
    /// <exception cref="NonFiniteLossException">The loss diverged (deterministic: do not retry).</exception>
    /// <exception cref="OperationCanceledException">Cancelled between steps.</exception>
    public TrainResult Train(TrialSettings settings, TrainOptions trainOptions, IProgress<TrainProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var cached = GetBase(settings, cancellationToken);
        cached.Model.GradientCheckpointing = settings.GradientCheckpointing;
        using var generator = new Generator((ulong)settings.Seed);
        try
        {
            using var adapters = AdapterInjector.Inject(cached.Model, settings, generator);
            var task = FinetuningTask(settings, cached);
            settings = TrainingSteps.Resolve(settings, task.TrainSampleCount);
            var tuner = new FineTuner(settings, adapters, task, generator)
            {
                CurveProbe = settings.EvalEvery > 0 ? new HeldOutCurveProbe(settings, (name, token) => PredictCurveSlice(settings, cached, name, token)) : null,
            };
            using var masks = tuner.Masks;
            var result = tuner.Run(trainOptions.CheckpointDirectory, progress, cancellationToken);
            var postHoc = PostHocDeltas(settings, adapters, task, generator);
            var notes = new SortedDictionary<string, string>(Notes(settings).ToDictionary(), StringComparer.Ordinal);
            try
            {
                AdapterFile.Save(trainOptions.AdapterPath, settings, adapters, postHoc);
                if (postHoc is not null)
                {
                    // The update actually applied at evaluation: its measured density over all modules.
                    var nonZero = postHoc.Values.Sum(d => DensityMeter.Density(d) * d.numel());
                    notes["post_hoc_density"] = (nonZero / postHoc.Values.Sum(d => (double)d.numel())).ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            finally
            {
                if (postHoc is not null)
                    foreach (var t in postHoc.Values) t.Dispose();
            }
            foreach (var (key, value) in KnobNotes(settings, result)) notes[key] = value;
            var diagnostics = new TrialDiagnostics(
                DensityMeter.Measure(adapters), result.FinalLoss.ToDictionary(),
                result.MeanStepMilliseconds, result.SamplesPerSecond, result.Steps, notes)
            {
                CmrGradientRatio = result.CmrGradientRatio,
                MaskInitialOverlapA = result.MaskInitialOverlapA,
            };
            return new TrainResult(trainOptions.AdapterPath, diagnostics, clock.Elapsed, result.ResumedFromStep);
        }
        finally
        {
            cached.RestorePristine();
        }
    }

    /// <summary>
    /// Greedy predictions for shard <paramref name="shardIndex"/> of <paramref name="shardCount"/> of a task's
    /// evaluation set (eval_samples items), with the adapter applied as a fixed weight update; a null
    /// <paramref name="adapterPath"/> evaluates the base model. Merging all shards equals one full pass.
    /// </summary>
    public IReadOnlyList<PredictionItem> Evaluate(TrialSettings settings, string? adapterPath, string task, int shardIndex, int shardCount, CancellationToken cancellationToken = default)
    {
        var dataset = settings.Suite?.Get(task);
        if (dataset is null) BenchmarkTasks.Get(task);
        var cached = GetBase(settings, cancellationToken);
        try
        {
            // The trained update is applied as fixed weight deltas; the frozen base weights are never modified.
            using var adapter = adapterPath is null ? null : AppliedAdapter.Attach(cached.Model, adapterPath);
            if (dataset is not null)
            {
                var checkpoint = cached.Checkpoint!;
                var items = SuiteItems.Evaluation(dataset, settings.EvalSamples);
                return new SuiteEvaluator(checkpoint.Tokenizer, checkpoint.Images, checkpoint.TokenOptions)
                    .Predict(cached.Model, items, dataset.MaxNewTokens, shardIndex, shardCount, options.EvaluationBatchSize, cancellationToken);
            }
            var samples = Samples(task, BenchmarkData.EvalSplit, settings.EvalSamples);
            return Evaluator.Predict(cached.Model, tokenizer, task, samples, shardIndex, shardCount, options.EvaluationBatchSize, cancellationToken);
        }
        finally
        {
            cached.RestorePristine();
        }
    }

    /// <summary>
    /// Greedy answers of the model as it is mid-training (its live adapters attached) on the first curve_samples items
    /// of a task's evaluation set: held out from training, and the same items at every step.
    /// </summary>
    private IReadOnlyList<PredictionItem> PredictCurveSlice(TrialSettings settings, CachedBase cached, string task, CancellationToken cancellationToken)
    {
        if (settings.Suite?.Get(task) is { } dataset)
        {
            var checkpoint = cached.Checkpoint!;
            var items = SuiteItems.Evaluation(dataset, settings.EvalSamples).Take(settings.CurveSamples).ToArray();
            return new SuiteEvaluator(checkpoint.Tokenizer, checkpoint.Images, checkpoint.TokenOptions)
                .Predict(cached.Model, items, dataset.MaxNewTokens, 0, 1, options.EvaluationBatchSize, cancellationToken);
        }
        var samples = Samples(task, BenchmarkData.EvalSplit, settings.EvalSamples).Take(settings.CurveSamples).ToArray();
        return Evaluator.Predict(cached.Model, tokenizer, task, samples, 0, 1, options.EvaluationBatchSize, cancellationToken);
    }

    /// <summary>Trains, then evaluates the target and every source task in full: one trial end to end.</summary>
    public TrialReport RunTrial(TrialSettings settings, TrainOptions trainOptions, IProgress<TrainProgress>? progress, CancellationToken cancellationToken)
    {
        GetBase(settings, cancellationToken);
        var training = Train(settings, trainOptions, progress, cancellationToken);
        var clock = Stopwatch.StartNew();
        var tasks = EvaluateSuite(settings, training.AdapterPath, cancellationToken);
        return new TrialReport(training, tasks, Summarise(settings, tasks), clock.Elapsed, LastPretraining);
    }

    /// <summary>Scores every task of the trial (target first, then sources) with or without an adapter.</summary>
    public IReadOnlyList<TaskResult> EvaluateSuite(TrialSettings settings, string? adapterPath, CancellationToken cancellationToken = default)
    {
        var results = new List<TaskResult>();
        foreach (var name in settings.SourceTasks.Prepend(settings.TargetTask))
        {
            var metric = settings.Suite?.Get(name).Metric ?? BenchmarkTasks.Get(name).Metric;
            var predictions = Evaluate(settings, adapterPath, name, 0, 1, cancellationToken);
            var score = TaskScorer.Score(metric, predictions.Select(p => p.AsTuple()).ToArray());
            results.Add(new TaskResult(name, metric.ToString(), name == settings.TargetTask, score, predictions.Count, predictions));
        }
        return results;
    }

    public static SuiteScore Summarise(TrialSettings settings, IReadOnlyList<TaskResult> tasks) =>
        SuiteScore.Compute(tasks.ToDictionary(t => t.Task, t => t.Score), settings.TargetTask, settings.SourceTasks);

    /// <summary>The conventions printed next to a trial's results.</summary>
    public static IReadOnlyDictionary<string, string> Notes(TrialSettings s)
    {
        var notes = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["method"] = s.MethodName,
            ["connector"] = s.Connector.ToString().ToLowerInvariant(),
            ["threads"] = torch.get_num_threads().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["cpu_kernels"] = TorchProcessSettings.CpuIsaNote,
        };
        switch (s.Method)
        {
            case TrainingMethod.LoraSculpt:
                notes["cmr"] = $"{s.CmrReduction.ToString().ToLowerInvariant()} over {string.Join(",", s.CmrModules)} of ||M*BA||_F (not squared, raw BA); connector L1 x beta";
                notes["density"] = $"keep ratio A={s.DensityA}, B={s.DensityB} at step {s.PruneStep}";
                break;
            case TrainingMethod.L2:
                notes["regulariser"] = "reg_weight * sum(||A||^2 + ||B||^2)";
                break;
            case TrainingMethod.OrthReg:
                notes["regulariser"] = "reg_weight * sum ||W^T (s B A)||_F^2";
                break;
            case TrainingMethod.Dora:
                notes["dora"] = "PEFT convention: m init = row norms of W, norm of W + sBA per output row, detached";
                break;
            case TrainingMethod.Dare:
                notes["post_hoc"] = $"DARE drop {s.DareDrop} of s*BA entries, rescale 1/(1-p)";
                break;
            case TrainingMethod.ModelTailor:
                notes["post_hoc"] = $"Model Tailor keeps {s.TailorKeep} of s*BA per module by |dW| x Fisher ({s.TailorBatches} batches)";
                break;
        }
        return notes;
    }

    /// <summary>
    /// Whether LoRASculpt's knobs acted, as notes stored with the trial: alpha's strength as the CMR-to-task gradient
    /// ratio on the CMR modules, and how much of A's mask is just the top-k of A's initial values (chance: density_a).
    /// </summary>
    public static IReadOnlyDictionary<string, string> KnobNotes(TrialSettings s, FineTuneResult result)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var notes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (result.CmrGradientRatio is { } mean)
        {
            notes["cmr_grad_ratio"] = mean.ToString("G4", c);
            notes["cmr_grad_ratio_last"] = result.CmrGradientRatioLast!.Value.ToString("G4", c);
        }
        if (result.MaskInitialOverlapA.Count > 0)
        {
            var decoder = result.MaskInitialOverlapA.Where(m => AdapterTargets.ConnectorKind(m.Key) is null).Select(m => m.Value).DefaultIfEmpty(0).ToArray();
            notes["mask_init_overlap_a"] = decoder.Average().ToString("F3", c);
            notes["mask_init_overlap_a_chance"] = s.DensityA.ToString("F3", c);
        }
        return notes;
    }

    /// <summary>Drops the cached base model of a preset, so the next use loads it from the store again (e.g. after the file was replaced by another machine's copy).</summary>
    public void ForgetBase(string preset)
    {
        if (bases.Remove(preset, out var cached)) cached.Dispose();
    }

    private IFinetuningTask FinetuningTask(TrialSettings settings, CachedBase cached)
    {
        if (settings.Suite is null)
            return new MllmFinetuningTask(cached.Model, tokenizer, Samples(settings.TargetTask, BenchmarkData.TrainSplit, settings.TrainSamples));
        var checkpoint = cached.Checkpoint!;
        var items = SuiteItems.Training(settings.Suite.Get(settings.TargetTask), settings.TrainSamples);
        return new ConversationFinetuningTask(cached.Model, new ConversationBatchCollator(checkpoint.Tokenizer, checkpoint.Images, checkpoint.TokenOptions), items);
    }

    public void Dispose()
    {
        foreach (var b in bases.Values) b.Dispose();
        bases.Clear();
    }

    private Dictionary<string, Tensor>? PostHocDeltas(TrialSettings s, AdapterSet adapters, IFinetuningTask task, Generator generator)
    {
        switch (s.Method)
        {
            case TrainingMethod.Dare:
                var deltas = adapters.DeltaWeights();
                try
                {
                    return deltas.ToDictionary(d => d.Key, d => Dare.Apply(d.Value, s.DareDrop, generator), StringComparer.Ordinal);
                }
                finally
                {
                    foreach (var d in deltas.Values) d.Dispose();
                }
            case TrainingMethod.ModelTailor:
                return ModelTailor.Apply(adapters, task, s.TailorKeep, s.TailorBatches, s.BatchSize, s.Seed);
            default:
                return null;
        }
    }

    /// <summary>The same weights computing in another dtype (the preset's pretrained float32 base under precision=bf16).</summary>
    private static LlavaForConditionalGeneration WithComputeDtype(LlavaForConditionalGeneration model, ScalarType dtype)
    {
        var copy = new LlavaForConditionalGeneration(model.Config, model.Options with { ComputeDtype = dtype });
        using (torch.no_grad())
        {
            var target = copy.state_dict();
            foreach (var (name, value) in model.state_dict())
                target[name].copy_(value);
        }
        model.Dispose();
        return copy;
    }

    private IReadOnlyList<BenchmarkSample> Samples(string task, string split, int count)
    {
        if (!data.TryGetValue((task, split, count), out var samples))
            data[(task, split, count)] = samples = BenchmarkData.Generate(task, split, count, options.DataSeed);
        return samples;
    }

    private CachedBase GetBase(TrialSettings settings, CancellationToken cancellationToken) =>
        settings.IsCheckpointModel ? GetCheckpoint(settings, cancellationToken) : GetBase(settings.BaseModel, settings.Precision, cancellationToken);

    /// <summary>
    /// A checkpoint stays resident between trials; a different checkpoint or precision replaces it, since two 7B
    /// models rarely fit one device.
    /// </summary>
    private CachedBase GetCheckpoint(TrialSettings settings, CancellationToken cancellationToken)
    {
        var key = $"{settings.BaseModel}|{settings.Precision}";
        if (bases.TryGetValue(key, out var cached)) return cached;
        foreach (var other in bases.Keys.Where(k => k.Contains('|', StringComparison.Ordinal)).ToArray())
            ForgetBase(other);
        var directory = options.ResolveModelDirectory?.Invoke(settings.BaseModel, cancellationToken) ?? settings.BaseModel;
        var checkpoint = LlavaCheckpoint.Open(directory, new LlavaCheckpointOptions
        {
            Device = options.Device,
            ComputeDtype = Precision.ComputeDtype(settings.Precision),
        });
        cached = new CachedBase(checkpoint.Model, checkpoint);
        bases[key] = cached;
        return cached;
    }

    private CachedBase GetBase(string preset, ComputePrecision precision, CancellationToken cancellationToken)
    {
        var key = precision == ComputePrecision.Fp32 ? preset : $"{preset}@{precision}";
        if (bases.TryGetValue(key, out var cached)) return cached;
        var config = ModelPresets.Get(preset);
        var (model, report) = store.GetOrCreate(config, options.BaseSeed, tokenizer, options.Pretraining, options.PretrainingProgress, cancellationToken);
        if (precision != ComputePrecision.Fp32)
            model = WithComputeDtype(model, Precision.ComputeDtype(precision));
        if (report is not null) LastPretraining = report;
        if (options.Device is { } device && device.type != DeviceType.CPU)
            model.to(device);
        model.eval();
        foreach (var p in model.parameters()) p.requires_grad = false;
        cached = new CachedBase(model);
        bases[key] = cached;
        return cached;
    }

    /// <summary>A base model plus a copy of the connector weights, the only base weights a trial may change.</summary>
    private sealed class CachedBase : IDisposable
    {
        private readonly Dictionary<string, Tensor> pristineConnector;

        public CachedBase(LlavaForConditionalGeneration model, LlavaCheckpoint? checkpoint = null)
        {
            Model = model;
            Checkpoint = checkpoint;
            pristineConnector = ConnectorParameters().ToDictionary(p => p.Name, p => p.Parameter.detach().clone().DetachFromDisposeScope(), StringComparer.Ordinal);
        }

        public LlavaForConditionalGeneration Model { get; }

        /// <summary>The checkpoint's tokenizer and image preprocessing (null for a preset on the built-in benchmark).</summary>
        public LlavaCheckpoint? Checkpoint { get; }

        public void LoadConnector(IReadOnlyDictionary<string, Tensor> weights)
        {
            var parameters = ConnectorParameters().ToDictionary(p => p.Name, p => p.Parameter, StringComparer.Ordinal);
            using var noGrad = torch.no_grad();
            foreach (var (name, value) in weights)
            {
                if (!parameters.TryGetValue(name, out var target))
                    throw new InvalidDataException($"Adapter has connector weight '{name}', which the base model does not have.");
                target.copy_(value);
            }
        }

        public void RestorePristine()
        {
            LoadConnector(pristineConnector);
            Model.eval();
            foreach (var p in Model.parameters()) p.requires_grad = false;
        }

        public void Dispose()
        {
            foreach (var t in pristineConnector.Values) t.Dispose();
            Model.Dispose();
        }

        private IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> ConnectorParameters() =>
            Model.named_parameters().Where(p => p.name.StartsWith("multi_modal_projector.", StringComparison.Ordinal));
    }
}
