using System.Globalization;
using N = LoRASculpt.Core.Settings.ParameterNames;

namespace LoRASculpt.Core.Settings;

/// <summary>
/// The hyperparameter catalogue: every setting a trial accepts, with defaults sized for the
/// built-in tiny model (see each Help text; the paper's 7B recipe is quoted where it differs).
/// Values are canonicalised to invariant strings so that trial ids do not depend on spelling.
/// </summary>
public static class TrialParameters
{
    /// <summary>The projections LoRA can target in each decoder layer (q_proj ... down_proj).</summary>
    public static IReadOnlyList<string> ModuleChoices { get; } = ["q", "k", "v", "o", "gate", "up", "down"];

    public static IReadOnlyList<string> Methods => TrainingMethods.Names;

    private static readonly string[] All_ = [];
    private static readonly string[] Sculpt = [TrainingMethods.LoraSculpt];

    public static IReadOnlyList<ParameterSpec> All { get; } =
    [
        // Adapter shape.
        Int(N.Rank, 8, "LoRA rank r (paper: 32 on a 4096-wide 7B model; 8 suits the tiny model).", min: 1),
        Float(N.LoraAlpha, 16, "LoRA scaling numerator: the update is (lora_alpha / rank) * B A (paper: 2 x rank).", min: 0, minExclusive: true),
        Float(N.LoraDropout, 0.05, "Dropout on the LoRA input (paper: 0.05).", min: 0, max: 1, maxExclusive: true),
        List(N.TargetModules, "q,k,v,o,gate,up,down", "Decoder projections that get adapters (paper: all seven)."),
        // Optimisation.
        Float(N.LearningRate, 2e-3, "AdamW learning rate for adapters (paper: 2e-4 on 7B, where A's initial spread is ~0.009 and 100 steps move A about twice that before pruning; at width 128 A's spread is ~0.05, and 2e-3 over prune_step's 50 steps moves A by the same order, so the mask is learnt).", min: 0, minExclusive: true),
        Int(N.Steps, 150, "Optimizer steps of fine-tuning (unused when epochs > 0).", min: 1),
        Int(N.Epochs, 0, "Passes over the target's training items; when > 0 the run trains ceil(epochs * training items / batch_size) steps instead of steps, and 0 means use steps (paper: 3).", min: 0),
        Int(N.BatchSize, 16, "Samples per optimizer step (paper: global batch 16).", min: 1),
        Int(N.Seed, 0, "Seed of adapter initialisation, dropout, data order and post-hoc sampling.", min: 0),
        Float(N.WarmupRatio, 0.03, "Fraction of steps of linear warm-up before the cosine decay (paper: 0.03).", min: 0, max: 1, maxExclusive: true),
        Float(N.WeightDecay, 0, "AdamW decoupled weight decay (paper: 0).", min: 0),
        Float(N.GradClip, 1.0, "Clip the global gradient norm to this value; 0 disables clipping (paper: 1.0).", min: 0),
        // LoRASculpt: sparsity.
        Float(N.Density, 0.1, "Shorthand setting both density_a and density_b (cannot be combined with them).", min: 0, minExclusive: true, max: 1, methods: Sculpt),
        Float(N.DensityA, 0.1, "Fraction of A's entries KEPT by the one-shot magnitude pruning (the paper's 'sparsity' s_A; code: 0.10).", min: 0, minExclusive: true, max: 1, methods: Sculpt),
        Float(N.DensityB, 0.1, "Fraction of B's entries KEPT by the one-shot magnitude pruning (the paper's 's_B').", min: 0, minExclusive: true, max: 1, methods: Sculpt),
        Int(N.PruneStep, 50, "Optimizer step T_warmup at which A and B are pruned, must be < steps (paper: 100 of 1875 at lr 2e-4; here 50 of 150 at lr 2e-3, so A has moved by about its initial spread: see mask_init_overlap_a).", min: 0, methods: Sculpt),
        Enum(N.PruneConnector, "false", ["false", "true"], "Also hard-prune the connector's LoRA (connector=lora) at prune_step, like the LLM's; the supplementary keeps the connector's sparsity soft, through beta's L1 term.", methods: Sculpt),
        // LoRASculpt: conflict mitigation regulariser.
        Float(N.Alpha, 10.0, "Weight of the LLM CMR term alpha (code: 1e-3 with the mean reduction on the 7B model). On the built-in model alpha 10 makes the CMR's gradient on the q/k/v adapters about 1-2x the task's (the trial's cmr_grad_ratio); at 1e-3 it is ~3e-4 of it and changes nothing, at 100 the CMR dominates.", min: 0, methods: Sculpt),
        Float(N.Beta, 1e-5, "Weight of the connector L1 CMR term beta, used when connector=lora (paper Table I best: 1e-5).", min: 0, methods: Sculpt),
        Float(N.Omega, 1.0, "CMR temperature: M = tanh(omega * S) (code: 1.0).", min: 0, minExclusive: true, methods: Sculpt),
        List(N.CmrModules, "q,k,v", "Decoder projections the LLM CMR covers; must be adapted (code: q,k,v).", methods: Sculpt),
        Enum(N.CmrReduction, "mean", ["mean", "sum"], "How per-module CMR norms are combined: mean (code) or sum (paper Eq. 9).", methods: Sculpt),
        // Connector.
        Enum(N.Connector, "frozen", ["frozen", "full", "lora"], "Connector training: frozen, full fine-tune with connector_lr, or LoRA (with lorasculpt: L1 CMR weighted by beta)."),
        Float(N.ConnectorLr, 1e-4, "Learning rate of the connector's trained weights: all of them with connector=full, its LoRA factors with connector=lora (paper: 2e-5 = lr/10; here lr/10 too).", min: 0, minExclusive: true),
        // Baselines.
        Float(N.RegWeight, 1e-3, "Weight of the l2 regulariser (sum of ||A||^2+||B||^2) or orthreg regulariser (sum of ||W^T dW||_F^2, dW = (lora_alpha/rank) B A) (paper: 1e-3).", min: 0, methods: [TrainingMethods.L2, TrainingMethods.OrthReg]),
        Float(N.DareDrop, 0.9, "DARE drop rate p: each update entry is dropped with probability p, survivors scaled by 1/(1-p).", min: 0, max: 1, maxExclusive: true, methods: [TrainingMethods.Dare]),
        Float(N.TailorKeep, 0.1, "Model Tailor: fraction of update entries grafted back, chosen by |dW| x Fisher sensitivity (paper: 10%).", min: 0, minExclusive: true, max: 1, methods: [TrainingMethods.ModelTailor]),
        Int(N.TailorBatches, 4, "Model Tailor: target-task batches used to accumulate the Fisher diagonal.", min: 1, methods: [TrainingMethods.ModelTailor]),
        // Data and bookkeeping.
        Int(N.TrainSamples, 2000, "Size of the target task's training set that batches are drawn from; for a suite dataset, at most this many of its training items (the first N; 0 = all of them; the built-in benchmark needs >= 1).", min: 0),
        Int(N.EvalSamples, 200, "Evaluation samples per task; for a suite dataset, at most this many questions after the suite's own sample (the first N; 0 = all of them; the built-in benchmark needs >= 1).", min: 0),
        Int(N.CheckpointEvery, 50, "Save a resumable checkpoint every N steps (0 = never); results do not depend on it.", min: 0),
        // Forgetting curves: reporting only, so results and trial ids do not depend on them.
        Int(N.EvalEvery, 50, "Measure a forgetting-curve point (Source and Target on the first curve_samples evaluation items of each task, greedy, the final scoring's metrics) every N optimizer steps (0 = off); final adapters and scores do not depend on it.", min: 0),
        Int(N.CurveSamples, 32, "Evaluation items per task in a forgetting-curve point (the first N of the evaluation split).", min: 1),
        // Memory and speed of the frozen base model.
        Enum(N.Precision, "fp32", ["fp32", "bf16"], "Compute dtype of the frozen base model; LoRA weights (and the optimizer's state) stay fp32 (paper: bf16)."),
        Enum(N.GradientCheckpointing, "false", ["false", "true"], "Recompute each decoder layer's activations during the backward pass instead of keeping them: less memory, about a third more compute (paper: true)."),
    ];

    private static readonly Dictionary<string, ParameterSpec> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Parameters whose default is derived (the density shorthand): not emitted in canonical sets.</summary>
    internal static IReadOnlySet<string> Shorthands { get; } = new HashSet<string> { N.Density };

    /// <summary>
    /// Parameters that only change what a trial reports while it trains, never its adapter or scores: left out of the
    /// defaults that trial ids hash, so adding or retuning them does not re-run finished trials.
    /// </summary>
    public static IReadOnlySet<string> ReportingOnly { get; } = new HashSet<string>(StringComparer.Ordinal) { N.EvalEvery, N.CurveSamples };

    public static ParameterSpec? Find(string name) => ByName.GetValueOrDefault(name.Trim());

    /// <summary>
    /// Parses <paramref name="raw"/> for parameter <paramref name="name"/> and returns its canonical
    /// invariant string (floats "R", ints plain, enums lower case, lists in catalogue order).
    /// On failure <paramref name="error"/> names the parameter and says what is wrong.
    /// </summary>
    public static bool TryCanonicalize(string name, string raw, out string canonical, out string? error)
    {
        canonical = "";
        var spec = Find(name);
        if (spec is null)
        {
            error = $"unknown parameter '{name}'. Known parameters: {string.Join(", ", All.Select(p => p.Name))}";
            return false;
        }
        error = spec.Type switch
        {
            ParameterType.Int => CanonicalizeNumber(spec, raw, integer: true, out canonical),
            ParameterType.Float => CanonicalizeNumber(spec, raw, integer: false, out canonical),
            ParameterType.Enum => CanonicalizeEnum(spec, raw, out canonical),
            ParameterType.List => CanonicalizeList(spec, raw, out canonical),
            _ => throw new InvalidOperationException($"Unhandled parameter type {spec.Type}."),
        };
        return error is null;
    }

    private static string? CanonicalizeNumber(ParameterSpec spec, string raw, bool integer, out string canonical)
    {
        canonical = "";
        var text = (raw ?? "").Trim();
        double value;
        if (integer)
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) || whole is > int.MaxValue or < int.MinValue)
                return $"{spec.Name} must be an integer, got '{raw}'";
            value = whole;
            canonical = whole.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
                return $"{spec.Name} must be a finite number, got '{raw}'";
            if (value == 0) value = 0; // fold -0 into 0 so it canonicalises as "0"
            canonical = value.ToString("R", CultureInfo.InvariantCulture);
        }
        var tooLow = spec.Min is { } lo && (spec.MinExclusive ? value <= lo : value < lo);
        var tooHigh = spec.Max is { } hi && (spec.MaxExclusive ? value >= hi : value > hi);
        if (tooLow || tooHigh)
        {
            var range = spec.RangeText!;
            var shown = integer ? canonical : value.ToString(CultureInfo.InvariantCulture);
            canonical = "";
            return range.StartsWith('(') || range.StartsWith('[')
                ? $"{spec.Name} must be in {range}, got {shown}"
                : $"{spec.Name} must be {range}, got {shown}";
        }
        return null;
    }

    private static string? CanonicalizeEnum(ParameterSpec spec, string raw, out string canonical)
    {
        var text = (raw ?? "").Trim().ToLowerInvariant();
        canonical = spec.Choices.Contains(text) ? text : "";
        return canonical.Length > 0 ? null : $"{spec.Name} must be one of {string.Join(", ", spec.Choices)}; got '{raw}'";
    }

    private static string? CanonicalizeList(ParameterSpec spec, string raw, out string canonical)
    {
        canonical = "";
        var items = (raw ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.ToLowerInvariant()).ToArray();
        if (items.Length == 0)
            return $"{spec.Name} must list at least one of {string.Join(", ", spec.Choices)}; got '{raw}'";
        var unknown = items.Where(i => !spec.Choices.Contains(i)).ToArray();
        if (unknown.Length > 0)
            return $"{spec.Name} has unknown entries {string.Join(", ", unknown.Select(u => $"'{u}'"))}; allowed: {string.Join(", ", spec.Choices)}";
        var duplicate = items.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            return $"{spec.Name} lists '{duplicate.Key}' more than once";
        canonical = string.Join(",", spec.Choices.Where(items.Contains));
        return null;
    }

    private static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static ParameterSpec Int(string name, int defaultValue, string help, double? min = null, double? max = null, string[]? methods = null) =>
        new(name, ParameterType.Int, defaultValue.ToString(CultureInfo.InvariantCulture), help, [], min, false, max, false, methods ?? All_);

    private static ParameterSpec Float(string name, double defaultValue, string help, double? min = null, bool minExclusive = false,
        double? max = null, bool maxExclusive = false, string[]? methods = null) =>
        new(name, ParameterType.Float, Inv(defaultValue), help, [], min, minExclusive, max, maxExclusive, methods ?? All_);

    private static ParameterSpec Enum(string name, string defaultValue, string[] choices, string help, string[]? methods = null) =>
        new(name, ParameterType.Enum, defaultValue, help, choices, null, false, null, false, methods ?? All_);

    private static ParameterSpec List(string name, string defaultValue, string help, string[]? methods = null) =>
        new(name, ParameterType.List, defaultValue, help, ModuleChoices, null, false, null, false, methods ?? All_);
}
