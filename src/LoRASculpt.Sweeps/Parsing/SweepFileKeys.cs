namespace LoRASculpt.Sweeps.Parsing;

/// <summary>The keys a sweep file may use, and what to say about Weights &amp; Biases keys we do not support.</summary>
internal static class SweepFileKeys
{
    public const string Name = "name";
    public const string Method = "method";
    public const string BaseModel = "base_model";
    public const string Suite = "suite";
    public const string Target = "target";
    public const string Sources = "sources";
    public const string Methods = "methods";
    public const string ExecutorKind = "trial_kind";
    public const string EvalShards = "eval_shards";
    public const string MaxTrials = "max_trials";
    public const string Parameters = "parameters";
    public const string Points = "points";
    public const string Seeds = "seeds";

    public static IReadOnlyList<string> TopLevel { get; } =
        [Name, Method, BaseModel, Suite, Target, Sources, Methods, ExecutorKind, EvalShards, MaxTrials, Parameters, Points, Seeds];

    public const string Value = "value";
    public const string Values = "values";
    public const string Range = "range";

    public static IReadOnlyList<string> ParameterLevel { get; } = [Value, Values, Range];

    public const string GridMethod = "grid";
    public const string ListMethod = "list";

    public const int DefaultMaxTrials = 100;
    public const int DefaultEvalShards = 1;
    public const int MaxEvalShards = 64;
    public const int MaxRangeLength = 100_000;
    public const int MaxSeeds = 100;

    /// <summary>Top-level W&amp;B sweep keys with the reason they are not accepted and what to write instead.</summary>
    public static IReadOnlyDictionary<string, string> WandbTopLevel { get; } = new Dictionary<string, string>
    {
        ["program"] = "W&B's `program` is not needed: trials run inside the cluster's workers; remove it",
        ["command"] = "W&B's `command` is not needed: trials run inside the cluster's workers; remove it",
        ["project"] = "W&B's `project` is not used; name the sweep with `name:`",
        ["entity"] = "W&B's `entity` is not used; remove it",
        ["description"] = "descriptions are not stored; write them as a YAML comment (# ...)",
        ["metric"] = "W&B's `metric` is not needed: every trial reports Source, Target and Avg; choose the ranking with `sweep results --sort avg|source|target`",
        ["early_terminate"] = "early termination is not supported: every trial runs its `steps`; remove `early_terminate`",
        ["run_cap"] = "W&B's `run_cap` is spelt `max_trials:` here",
        ["target_task"] = "the target task is spelt `target:` here",
        ["source_tasks"] = "the source tasks are spelt `sources:` here",
        ["model"] = "the base model is spelt `base_model:` here",
    };

    /// <summary>Parameter-level W&amp;B keys (random/Bayesian search distributions) with the rewrite to suggest.</summary>
    public static IReadOnlyDictionary<string, string> WandbParameterLevel { get; } = new Dictionary<string, string>
    {
        ["distribution"] = "random search is not supported; list the values with `values:`",
        ["min"] = "ranges for random search are not supported; list the values with `values:` (or `range: [start, stop]` for whole numbers)",
        ["max"] = "ranges for random search are not supported; list the values with `values:` (or `range: [start, stop]` for whole numbers)",
        ["q"] = "quantised distributions are not supported; list the values with `values:`",
        ["mu"] = "normal distributions are not supported; list the values with `values:`",
        ["sigma"] = "normal distributions are not supported; list the values with `values:`",
        ["probabilities"] = "weighted random choice is not supported; list the values with `values:`",
        ["parameters"] = "nested parameters are not supported; give each hyperparameter its own entry under `parameters:`",
    };

    /// <summary>Hyperparameter names from other tools (Hugging Face, PEFT, the paper) and the catalogue name to use.</summary>
    public static IReadOnlyDictionary<string, string> ParameterAliases { get; } = new Dictionary<string, string>
    {
        ["learning_rate"] = "lr",
        ["r"] = "rank",
        ["lora_r"] = "rank",
        ["max_steps"] = "steps",
        ["num_train_epochs"] = "epochs",
        ["sparsity"] = "density",
        ["target_task"] = "the top-level `target:`",
    };
}
