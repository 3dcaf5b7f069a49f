using System.Globalization;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Core.Suites;
using N = LoRASculpt.Core.Settings.ParameterNames;

namespace LoRASculpt.Core.Settings;

/// <summary>
/// A validated, typed trial: method, base model, tasks and every hyperparameter of
/// <see cref="TrialParameters"/> (defaults filled in). Build it with <see cref="Create"/>.
/// The base model is a preset trained on the built-in benchmark, or a checkpoint directory whose tasks are the
/// datasets of an evaluation <see cref="Suite"/>; the two never mix (see <see cref="Create"/>).
/// Parameters that do not apply to the method (e.g. density for lora) are accepted, listed in
/// <see cref="IgnoredParameters"/> and left out of <see cref="ToCanonicalParameters"/>, so sweeps
/// over several methods do not create duplicate trials.
/// </summary>
public sealed record TrialSettings(
    TrainingMethod Method,
    string BaseModel,
    string TargetTask,
    IReadOnlyList<string> SourceTasks,
    int Rank,
    double LoraAlpha,
    double LoraDropout,
    IReadOnlyList<string> TargetModules,
    double LearningRate,
    int Steps,
    int Epochs,
    int BatchSize,
    int Seed,
    double WarmupRatio,
    double WeightDecay,
    double GradClip,
    double DensityA,
    double DensityB,
    int PruneStep,
    double Alpha,
    double Beta,
    double Omega,
    IReadOnlyList<string> CmrModules,
    CmrReduction CmrReduction,
    ConnectorMode Connector,
    double ConnectorLearningRate,
    double RegWeight,
    double DareDrop,
    double TailorKeep,
    int TailorBatches,
    int TrainSamples,
    int EvalSamples,
    int CheckpointEvery,
    ComputePrecision Precision,
    bool GradientCheckpointing,
    IReadOnlyList<string> IgnoredParameters,
    EvaluationSuite? Suite)
{
    public string MethodName => TrainingMethods.NameOf(Method);

    /// <summary>Whether LoRASculpt hard-prunes the connector's LoRA too (connector=lora); by default only beta's L1 term sparsifies it.</summary>
    public bool PruneConnector { get; init; }

    /// <summary>Optimizer steps between forgetting-curve points; 0 = no curve.</summary>
    public int EvalEvery { get; init; }

    /// <summary>Evaluation items per task in each forgetting-curve point.</summary>
    public int CurveSamples { get; init; } = 1;

    /// <summary>True when <see cref="BaseModel"/> is a checkpoint directory (an absolute path), false for a preset.</summary>
    public bool IsCheckpointModel => BaseModelReference.IsPath(BaseModel);

    /// <summary>LoRA scaling lora_alpha / rank.</summary>
    public double Scaling => LoraAlpha / Rank;

    /// <summary>
    /// Validates everything and collects all errors: unknown method, base model or task; unknown
    /// parameter names; values out of range; inconsistent combinations.
    /// <para>
    /// <paramref name="baseModel"/> is a preset name or a checkpoint directory (see <see cref="BaseModelReference"/>;
    /// a relative path is taken from the working directory). A checkpoint directory needs a <paramref name="suite"/>
    /// and a suite needs a checkpoint directory: the presets' word tokenizer only reads the built-in benchmark.
    /// With a suite the tasks are its dataset names (the target a target dataset, the sources source datasets);
    /// without one, the built-in benchmark's tasks. Empty <paramref name="sourceTasks"/> means every source, in
    /// the suite's (or benchmark's) order. <see cref="EvaluationSuites.Builtin"/> counts as no suite.
    /// </para>
    /// </summary>
    /// <exception cref="SettingsValidationException">With every problem found.</exception>
    public static TrialSettings Create(
        string method,
        string baseModel,
        string targetTask,
        IReadOnlyList<string> sourceTasks,
        IReadOnlyDictionary<string, string> parameters,
        EvaluationSuite? suite = null)
    {
        var errors = new List<SettingError>();
        var methodName = (method ?? "").Trim().ToLowerInvariant();
        if (!TrainingMethods.TryParse(methodName, out var methodKind))
            errors.Add(new("method", $"method must be one of {string.Join(", ", TrainingMethods.Names)}; got '{method}'"));
        if (ReferenceEquals(suite, EvaluationSuites.Builtin))
            suite = null;
        var model = BaseModelReference.Parse(baseModel ?? "", Environment.CurrentDirectory);
        if (model.Problem(checkDirectory: false) is { } modelProblem)
            errors.Add(new("base_model", modelProblem));
        else
            ValidatePairing(model, suite, errors);
        IReadOnlyList<string> sources;
        if (suite is null)
            ValidateTasks(targetTask, sourceTasks, errors, out sources);
        else
            ValidateSuiteTasks(suite, targetTask, sourceTasks, errors, out sources);

        // Canonicalise the given values; unknown names are errors.
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawName, rawValue) in parameters)
        {
            var name = rawName.Trim();
            if (TrialParameters.TryCanonicalize(name, rawValue, out var canonical, out var error))
                given[name] = canonical;
            else
                errors.Add(new(name, error!));
        }
        if (given.ContainsKey(N.Density) && (parameters.ContainsKey(N.DensityA) || parameters.ContainsKey(N.DensityB)))
            errors.Add(new(N.Density, "density is a shorthand for density_a and density_b: give either density or density_a/density_b, not both"));

        var values = TrialParameters.All.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
        foreach (var (name, value) in given) values[name] = value;
        if (given.TryGetValue(N.Density, out var density))
        {
            values[N.DensityA] = density;
            values[N.DensityB] = density;
        }

        int I(string n) => int.Parse(values[n], CultureInfo.InvariantCulture);
        double D(string n) => double.Parse(values[n], CultureInfo.InvariantCulture);
        IReadOnlyList<string> L(string n) => values[n].Split(',');

        var steps = I(N.Steps);
        var epochs = I(N.Epochs);
        var pruneStep = I(N.PruneStep);
        var targetModules = L(N.TargetModules);
        var cmrModules = L(N.CmrModules);
        if (suite is null)
        {
            // The generated benchmark has no "all items": 0 would mean an empty training or evaluation set.
            foreach (var name in new[] { N.TrainSamples, N.EvalSamples })
                if (given.TryGetValue(name, out var count) && count == "0")
                    errors.Add(new(name, $"{name} must be >= 1 on the built-in benchmark (0, meaning all items, is for suite datasets), got 0"));
        }
        if (methodKind == TrainingMethod.LoraSculpt && errors.Count == 0)
        {
            // With epochs the step count depends on the training set's size, known only when the runner reads it.
            if (epochs == 0 && pruneStep >= steps)
                errors.Add(new(N.PruneStep, $"prune_step must be less than steps ({steps}), got {pruneStep}"));
            var uncovered = cmrModules.Where(m => !targetModules.Contains(m)).ToArray();
            if (uncovered.Length > 0)
                errors.Add(new(N.CmrModules, $"cmr_modules must be a subset of target_modules ({string.Join(",", targetModules)}); '{string.Join(",", uncovered)}' is not adapted"));
        }
        if (errors.Count > 0)
            throw new SettingsValidationException(errors);

        var ignored = given.Keys.Where(n => !TrialParameters.Find(n)!.AppliesTo(methodName)).Order(StringComparer.Ordinal).ToArray();
        return new TrialSettings(
            methodKind, model.Value, targetTask, sources,
            I(N.Rank), D(N.LoraAlpha), D(N.LoraDropout), targetModules,
            D(N.LearningRate), steps, epochs, I(N.BatchSize), I(N.Seed), D(N.WarmupRatio), D(N.WeightDecay), D(N.GradClip),
            D(N.DensityA), D(N.DensityB), pruneStep, D(N.Alpha), D(N.Beta), D(N.Omega), cmrModules,
            values[N.CmrReduction] == "sum" ? CmrReduction.Sum : CmrReduction.Mean,
            values[N.Connector] switch { "full" => ConnectorMode.Full, "lora" => ConnectorMode.Lora, _ => ConnectorMode.Frozen },
            D(N.ConnectorLr), D(N.RegWeight), D(N.DareDrop), D(N.TailorKeep), I(N.TailorBatches),
            I(N.TrainSamples), I(N.EvalSamples), I(N.CheckpointEvery),
            values[N.Precision] == "bf16" ? ComputePrecision.Bf16 : ComputePrecision.Fp32,
            values[N.GradientCheckpointing] == "true",
            ignored, suite)
        {
            PruneConnector = values[N.PruneConnector] == "true",
            EvalEvery = I(N.EvalEvery),
            CurveSamples = I(N.CurveSamples),
        };
    }

    /// <summary>
    /// Every parameter that applies to the method, with defaults filled in, as canonical invariant
    /// strings (the density shorthand is expanded into density_a and density_b).
    /// <c>Create(method, ..., ToCanonicalParameters())</c> gives back the same canonical parameters.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToCanonicalParameters()
    {
        var c = CultureInfo.InvariantCulture;
        string F(double v) => (v == 0 ? 0 : v).ToString("R", c);
        string Ordered(IReadOnlyList<string> items) => string.Join(",", TrialParameters.ModuleChoices.Where(items.Contains));
        var all = new Dictionary<string, string>
        {
            [N.Rank] = Rank.ToString(c),
            [N.LoraAlpha] = F(LoraAlpha),
            [N.LoraDropout] = F(LoraDropout),
            [N.TargetModules] = Ordered(TargetModules),
            [N.LearningRate] = F(LearningRate),
            [N.Steps] = Steps.ToString(c),
            [N.Epochs] = Epochs.ToString(c),
            [N.BatchSize] = BatchSize.ToString(c),
            [N.Seed] = Seed.ToString(c),
            [N.WarmupRatio] = F(WarmupRatio),
            [N.WeightDecay] = F(WeightDecay),
            [N.GradClip] = F(GradClip),
            [N.DensityA] = F(DensityA),
            [N.DensityB] = F(DensityB),
            [N.PruneStep] = PruneStep.ToString(c),
            [N.PruneConnector] = PruneConnector ? "true" : "false",
            [N.Alpha] = F(Alpha),
            [N.Beta] = F(Beta),
            [N.Omega] = F(Omega),
            [N.CmrModules] = Ordered(CmrModules),
            [N.CmrReduction] = CmrReduction.ToString().ToLowerInvariant(),
            [N.Connector] = Connector.ToString().ToLowerInvariant(),
            [N.ConnectorLr] = F(ConnectorLearningRate),
            [N.RegWeight] = F(RegWeight),
            [N.DareDrop] = F(DareDrop),
            [N.TailorKeep] = F(TailorKeep),
            [N.TailorBatches] = TailorBatches.ToString(c),
            [N.TrainSamples] = TrainSamples.ToString(c),
            [N.EvalSamples] = EvalSamples.ToString(c),
            [N.CheckpointEvery] = CheckpointEvery.ToString(c),
            [N.EvalEvery] = EvalEvery.ToString(c),
            [N.CurveSamples] = CurveSamples.ToString(c),
            [N.Precision] = Precision.ToString().ToLowerInvariant(),
            [N.GradientCheckpointing] = GradientCheckpointing ? "true" : "false",
        };
        return new SortedDictionary<string, string>(
            all.Where(kv => TrialParameters.Find(kv.Key)!.AppliesTo(MethodName)).ToDictionary(kv => kv.Key, kv => kv.Value),
            StringComparer.Ordinal);
    }

    private static void ValidatePairing(BaseModelReference model, EvaluationSuite? suite, List<SettingError> errors)
    {
        if (model.IsCheckpointDirectory && suite is null)
            errors.Add(new("suite", $"the checkpoint directory {model.Value} needs an evaluation suite file to train and evaluate on: the built-in benchmark is written for the presets' word tokenizer, not a checkpoint's"));
        else if (!model.IsCheckpointDirectory && suite is not null)
            errors.Add(new("suite", $"the evaluation suite '{suite.Name}' needs a checkpoint directory as base_model, not the preset '{model.Value}': a preset's word tokenizer cannot read real data"));
    }

    private static void ValidateSuiteTasks(EvaluationSuite suite, string targetTask, IReadOnlyList<string> sourceTasks, List<SettingError> errors, out IReadOnlyList<string> sources)
    {
        var targetNames = suite.Targets.Select(d => d.Name).ToArray();
        var sourceNames = suite.Sources.Select(d => d.Name).ToArray();
        if (!targetNames.Contains(targetTask ?? ""))
            errors.Add(new("target_task", $"target_task must be a target dataset of suite '{suite.Name}' ({string.Join(", ", targetNames)}); got '{targetTask}'"));
        var requested = (sourceTasks ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        foreach (var name in requested.Where(n => !sourceNames.Contains(n)))
            errors.Add(new("source_tasks", $"source_tasks must be source datasets of suite '{suite.Name}' ({string.Join(", ", sourceNames)}); got '{name}'"));
        if (requested.Distinct().Count() != requested.Length)
            errors.Add(new("source_tasks", "source_tasks lists a task more than once"));
        // The suite's order, so the same set always gives the same trial.
        sources = requested.Length == 0 ? sourceNames : sourceNames.Where(requested.Contains).ToArray();
    }

    private static void ValidateTasks(string targetTask, IReadOnlyList<string> sourceTasks, List<SettingError> errors, out IReadOnlyList<string> sources)
    {
        var target = BenchmarkTasks.Find(targetTask ?? "");
        if (target is null || !target.IsTarget)
            errors.Add(new("target_task", $"target_task must be one of {string.Join(", ", BenchmarkTasks.TargetNames)}; got '{targetTask}'"));
        var requested = (sourceTasks ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        foreach (var name in requested)
        {
            var task = BenchmarkTasks.Find(name);
            if (task is null || task.IsTarget)
                errors.Add(new("source_tasks", $"source_tasks must be among {string.Join(", ", BenchmarkTasks.SourceNames)}; got '{name}'"));
        }
        if (requested.Distinct().Count() != requested.Length)
            errors.Add(new("source_tasks", "source_tasks lists a task more than once"));
        // Canonical order: the benchmark's order, so the same set always gives the same trial.
        sources = requested.Length == 0
            ? BenchmarkTasks.SourceNames
            : BenchmarkTasks.SourceNames.Where(requested.Contains).ToArray();
    }
}
