using static LoRASculpt.Sweeps.Tests.Parsing.MessageMatch;

namespace LoRASculpt.Sweeps.Tests.Parsing;

/// <summary>
/// The table of refused sweep files, by case name. A file with several errors has one row per error, each with the
/// file's total error count, so every error of it is still checked.
/// </summary>
internal static class SweepFileErrorCases
{
    private const string RankAndAlpha = """
        target: icon-mc
        methods: [lorasculpt]
        parameters:
          rank: {value: 0}
          alpha:
            values:
              - 1e-3
              - -1e-3
        """;

    private const string MethodAndTasks = """
        target: shape-vqa
        sources: [text-ocr, icon-mc, count-vq]
        methods: [lora, lorascupt]
        """;

    private const string UnknownBaseModel = "base_model: llava-13b\n";

    private const string WandbKeys = """
        program: train.py
        metric: {name: avg, goal: maximize}
        target: icon-mc
        methods: [lorasculpt]
        parameters:
          lr:
            distribution: log_uniform_values
            min: 1e-5
            max: 1e-3
        """;

    private const string ListPoints = """
        method: list
        target: icon-mc
        methods: [lorasculpt]
        parameters:
          steps: {values: [50, 60]}
        points:
          - {alpha: 1e-3, density: 0.1}
          - {alpha: 0.001, density: 0.1}
          - {alpha: 1e-3, densty: 0.2}
        """;

    private const string OtherToolsNames = """
        target: icon-mc
        methods: [lorasculpt]
        parameters:
          learning_rate: {values: [1e-4]}
          sparsity: {value: 0.1}
          method: {value: lora}
        """;

    public static IReadOnlyDictionary<string, BadSweepFile> All { get; } = new Dictionary<string, BadSweepFile>(StringComparer.Ordinal)
    {
        ["unknown top-level key suggests the right one"] = new("""
            target: icon-mc
            methods: [lora]
            max_trails: 5
            """,
            "max_trails", "unknown key 'max_trails'. Did you mean 'max_trials'?", Prefix, Line: 3, Column: 1),
        ["density above one at its list item"] = new("""
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              density: {values: [0.1, 1.5]}
            """,
            "parameters.density.values[1]", "density must be in (0, 1], got 1.5", Line: 4, Column: 27, ErrorCount: 1),
        ["density above one in json"] = new("""
            {
              "target": "icon-mc",
              "methods": ["lorasculpt"],
              "parameters": {"density": {"values": [0.1, 1.5]}}
            }
            """,
            "parameters.density.values[1]", "density must be in (0, 1], got 1.5", Line: 4, Column: 46, FileName: "bad.json"),
        ["rank zero, with a negative alpha"] = new(RankAndAlpha,
            "parameters.rank.value", "rank must be >= 1, got 0", Line: 4, Column: 17, ErrorCount: 2),
        ["negative alpha, with rank zero"] = new(RankAndAlpha,
            "parameters.alpha.values[1]", "alpha must be >= 0, got -0.001", Line: 8, Column: 9, ErrorCount: 2),
        ["a source task as the target"] = new(MethodAndTasks,
            "target", "'shape-vqa' is a source task, not a target task; target tasks: icon-mc, scene-captions", ErrorCount: 4),
        ["a target task among the sources"] = new(MethodAndTasks,
            "sources[1]", "'icon-mc' is a target task, not a source task", Prefix, ErrorCount: 4),
        ["an unknown source task suggests the right one"] = new(MethodAndTasks,
            "sources[2]", "unknown task 'count-vq'. Did you mean 'count-vqa'?", Prefix, ErrorCount: 4),
        ["an unknown method suggests the right one"] = new(MethodAndTasks,
            "methods[1]", "unknown method 'lorascupt'. Did you mean 'lorasculpt'?", Prefix, Line: 3, Column: 17, ErrorCount: 4),
        ["an unknown base model"] = new(UnknownBaseModel,
            "base_model", "unknown base model 'llava-13b'", Prefix, ErrorCount: 3),
        ["a missing target"] = new(UnknownBaseModel,
            "target", "missing: name the target task", Prefix, ErrorCount: 3),
        ["missing methods"] = new(UnknownBaseModel,
            "methods", "missing: list the fine-tuning methods", Prefix, ErrorCount: 3),
        ["random search without a run cap"] = new("""
            method: random
            target: icon-mc
            methods: [lora]
            """,
            "run_cap", "`method: random` needs `run_cap:`, the number of points to draw (e.g. `run_cap: 20`)",
            Line: 1, Column: 9),
        ["bayes without a metric or a run cap"] = new("""
            method: bayes
            target: icon-mc
            methods: [lora]
            """,
            "metric", "`method: bayes` needs `metric:`, what to optimise", Prefix,
            Line: 1, Column: 9, ErrorCount: 2),
        ["wandb program key"] = new(WandbKeys,
            "program", "unknown key 'program': W&B's `program` is not needed: trials run inside the cluster's workers; remove it", ErrorCount: 5),
        ["wandb metric key"] = new(WandbKeys,
            "metric", "`metric` is what `method: bayes` optimises and what `early_terminate` ranks trials by; other sweeps report Source, Target and Avg for every trial", Prefix, ErrorCount: 5),
        ["wandb distribution in a grid"] = new(WandbKeys,
            "parameters.lr.distribution", "unknown key 'distribution': distributions are drawn from only with `method: random` or `bayes`; in a grid list the values with `values:`",
            Line: 7, Column: 5, ErrorCount: 5),
        ["wandb distribution min"] = new(WandbKeys,
            "parameters.lr.min", "list the values with `values:`", Contains, ErrorCount: 5),
        ["wandb distribution max"] = new(WandbKeys,
            "parameters.lr.max", "list the values with `values:`", Contains, ErrorCount: 5),
        ["early_terminate of another type"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: avg}
            early_terminate: {type: median, min_iter: 1}
            """,
            "early_terminate.type", "unknown type 'median': only hyperband is supported; write `type: hyperband`", Line: 4, Column: 25, ErrorCount: 1),
        ["early_terminate with eta below two"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: avg}
            early_terminate: {type: hyperband, min_iter: 1, eta: 1}
            """,
            "early_terminate.eta", "must be between 2 and 100, got 1", Line: 4, Column: 54, ErrorCount: 1),
        ["early_terminate with min_iter zero"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: avg}
            early_terminate: {type: hyperband, min_iter: 0}
            """,
            "early_terminate.min_iter", "must be between 1 and 199, got 0", ErrorCount: 1),
        ["early_terminate without min_iter"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: avg}
            early_terminate: {type: hyperband, max_iter: 27, s: 2}
            """,
            "early_terminate", "needs `min_iter`, the first rung", Prefix, Line: 4, Column: 18, ErrorCount: 1),
        ["early_terminate with max_iter not above min_iter"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: avg}
            early_terminate: {type: hyperband, min_iter: 3, max_iter: 3}
            """,
            "early_terminate.max_iter", "must be above min_iter (3): rungs are at min_iter x eta^r below max_iter", ErrorCount: 1),
        ["early_terminate with max_iter past the stored curve"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: avg}
            early_terminate: {type: hyperband, min_iter: 1, max_iter: 500}
            """,
            "early_terminate.max_iter", "must be between 2 and 200, got 500", ErrorCount: 1),
        ["early_terminate with an unknown key"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: avg}
            early_terminate: {type: hyperband, min_iter: 1, max_itr: 9}
            """,
            "early_terminate.max_itr", "unknown key 'max_itr'. Did you mean 'max_iter'?", Prefix, ErrorCount: 1),
        ["early_terminate without a metric"] = new("""
            target: icon-mc
            methods: [lora]
            early_terminate: {type: hyperband, min_iter: 1}
            """,
            "early_terminate", "needs `metric:`, the score trials are ranked by at each rung", Prefix, Line: 3, Column: 18, ErrorCount: 1),
        ["early_terminate with several metrics"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {names: [source, target]}
            early_terminate: {type: hyperband, min_iter: 1}
            """,
            "metric", "`early_terminate` ranks trials by one score; write `name: avg` (or source, or target) instead of `names:`", Line: 3, Column: 9, ErrorCount: 1),
        ["early_terminate ranking by a task"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: text-ocr}
            early_terminate: {type: hyperband, min_iter: 1}
            """,
            "metric", "`early_terminate` ranks trials by their forgetting curves, which carry Source and Target only; rank by avg, source or target, not 'text-ocr'", ErrorCount: 1),
        ["early_terminate with curves turned off"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: avg}
            early_terminate: {type: hyperband, min_iter: 1}
            parameters:
              eval_every: {values: [25, 0]}
            """,
            "early_terminate", "needs forgetting curves: `eval_every` must not be 0", Prefix, ErrorCount: 1),
        ["early_terminate on synthetic trials without curves"] = new("""
            target: icon-mc
            methods: [lora]
            trial_kind: synthetic
            metric: {name: avg}
            early_terminate: {type: hyperband, min_iter: 1}
            """,
            "early_terminate", "needs forgetting curves: synthetic trials report them with `curve_every: N`", Prefix, ErrorCount: 1),
        ["early_terminate that is not a mapping"] = new("""
            target: icon-mc
            methods: [lora]
            metric: {name: avg}
            early_terminate: hyperband
            """,
            "early_terminate", "must be a mapping such as `{type: hyperband, min_iter: 1, eta: 3}`, found a single value", ErrorCount: 1),
        ["too many trials names the count"] = new("""
            target: icon-mc
            methods: [lorasculpt, dora]
            max_trials: 5
            parameters:
              seed: {values: [0, 1, 2]}
            """,
            "max_trials", "the sweep expands to 6 trials, more than max_trials (5); raise max_trials or shrink the grid",
            Line: 3, Column: 13, ErrorCount: 1),
        ["a huge grid is refused before it is expanded"] = new("""
            target: icon-mc
            methods: [lorasculpt]
            trial_kind: synthetic
            parameters:
              seed: {range: [0, 2000]}
              duration_ms: {range: [0, 2000]}
            """,
            "max_trials", "the grid has 4,000,000 points x 1 method(s), far more than max_trials (100); shrink the grid"),
        ["list mode without points"] = new("""
            method: list
            target: icon-mc
            methods: [lorasculpt]
            """,
            "points", "`method: list` needs `points:`", Prefix, Line: 1, Column: 9),
        ["grid mode with points"] = new("""
            target: icon-mc
            methods: [lorasculpt]
            points:
              - {alpha: 1e-3}
            """,
            "points", "`points` are only used with `method: list`", Prefix),
        ["list mode with a swept parameter"] = new(ListPoints,
            "parameters.steps", "with `method: list`, parameters hold fixed values", Prefix, ErrorCount: 3),
        ["list mode with a duplicate point"] = new(ListPoints,
            "points[1]", "duplicate point: same values as points[0]", ErrorCount: 3),
        ["list mode with a misspelt parameter in a point"] = new(ListPoints,
            "points[2].densty", "unknown parameter 'densty'. Did you mean 'density'?", Prefix, Line: 9, Column: 19, ErrorCount: 3),
        ["duplicate values after canonicalisation"] = new("""
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              alpha: {values: [1e-3, 0.001]}
            """,
            "parameters.alpha.values[1]", "duplicate value: equals parameters.alpha.values[0] (0.001)"),
        ["a parameter no listed method uses"] = new("""
            target: icon-mc
            methods: [lora, dora]
            parameters:
              density: {value: 0.2}
            """,
            "parameters.density", "density applies only to lorasculpt, and none of the listed methods (lora, dora) uses it"),
        ["a synthetic parameter without the synthetic trial kind"] = new("""
            target: icon-mc
            methods: [lora]
            parameters:
              duration_ms: {value: 100}
            """,
            "parameters.duration_ms", "duration_ms only applies to `trial_kind: synthetic` trials"),
        ["range on a float parameter"] = new("""
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              alpha: {range: [0, 3]}
            """,
            "parameters.alpha.range", "`range` is only for whole-number parameters; alpha is float: list its values with `values:`"),
        ["settings checked at every grid point"] = new("""
            target: icon-mc
            methods: [lora, lorasculpt]
            parameters:
              steps: {values: [10, 100]}
              prune_step: {value: 15}
            """,
            "parameters.prune_step", "prune_step must be less than steps (10), got 15 (for method lorasculpt with steps=10)",
            Line: 5, Column: 15, ErrorCount: 1),
        ["an empty value"] = new("""
            target:
            methods: [lora]
            """,
            "target", "empty value", Line: 1),
        ["a yaml syntax error"] = new("target: icon-mc\n  methods: [lora]\n", "", "mapping", Contains, Line: 2, ErrorCount: 1),
        // YamlDotNet throws a non-YAML exception for this unterminated flow list; it must still be a reported error.
        ["an unterminated flow list"] = new("target: icon-mc\nmethods: [lora\nparameters: {}\n",
            "", "invalid YAML", Prefix, ErrorCount: 1),
        ["a duplicate key"] = new("target: icon-mc\nmethods: [lora]\ntarget: scene-captions\n",
            "", "duplicate key 'target': each key may appear only once", Line: 3, ErrorCount: 1),
        ["a list instead of a mapping"] = new("- target\n",
            "", "a sweep file must be a mapping of keys (name, target, methods, parameters, ...), found a list", ErrorCount: 1),
        ["an empty file"] = new("", "", "the file is empty", Prefix, ErrorCount: 1),
        ["invalid json"] = new("{\n  \"target\": \"icon-mc\",\n  \"methods\": [\"lora\",]\n}\n",
            "", "invalid JSON:", Prefix, Line: 3, ErrorCount: 1, FileName: "bad.json"),
        ["learning_rate names lr"] = new(OtherToolsNames,
            "parameters.learning_rate", "unknown parameter 'learning_rate': use lr"),
        ["sparsity names density"] = new(OtherToolsNames,
            "parameters.sparsity", "unknown parameter 'sparsity': use density"),
        ["methods as a parameter"] = new(OtherToolsNames,
            "parameters.method", "the fine-tuning methods are not a parameter; list them at the top level under `methods:`"),
    };
}
