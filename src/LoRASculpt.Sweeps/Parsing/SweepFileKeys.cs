using LoRASculpt.Contracts.Sweeps;

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
    public const string RunCap = "run_cap";
    public const string SearchSeed = "search_seed";
    public const string Metric = "metric";
    public const string MaxConcurrent = "max_concurrent";
    public const string EarlyTerminate = "early_terminate";

    public static IReadOnlyList<string> TopLevel { get; } =
        [Name, Method, BaseModel, Suite, Target, Sources, Methods, ExecutorKind, EvalShards, MaxTrials, Parameters, Points, Seeds, RunCap, SearchSeed, Metric, MaxConcurrent, EarlyTerminate];

    public const string Value = "value";
    public const string Values = "values";
    public const string Range = "range";

    public static IReadOnlyList<string> ParameterLevel { get; } = [Value, Values, Range];

    public const string Distribution = "distribution";
    public const string Min = "min";
    public const string Max = "max";
    public const string Q = "q";
    public const string Mu = "mu";
    public const string Sigma = "sigma";
    public const string Probabilities = "probabilities";

    /// <summary>The keys that make a parameter a distribution (only with <c>method: random</c>).</summary>
    public static IReadOnlyList<string> DistributionLevel { get; } = [Distribution, Min, Max, Q, Mu, Sigma, Probabilities];

    public static IReadOnlyList<string> RandomParameterLevel { get; } = [.. ParameterLevel, .. DistributionLevel];

    /// <summary>W&amp;B's distribution names, as sweep files spell them.</summary>
    public static IReadOnlyDictionary<string, DistributionKind> Distributions { get; } = new Dictionary<string, DistributionKind>
    {
        ["categorical"] = DistributionKind.Categorical,
        ["uniform"] = DistributionKind.Uniform,
        ["log_uniform_values"] = DistributionKind.LogUniformValues,
        ["q_uniform"] = DistributionKind.QUniform,
        ["q_log_uniform_values"] = DistributionKind.QLogUniformValues,
        ["int_uniform"] = DistributionKind.IntUniform,
        ["normal"] = DistributionKind.Normal,
    };

    /// <summary>W&amp;B distributions we do not draw from, and what to write instead.</summary>
    public static IReadOnlyDictionary<string, string> UnsupportedDistributions { get; } = new Dictionary<string, string>
    {
        ["log_uniform"] = "W&B's `log_uniform` takes the bounds as natural logarithms; write the values themselves with `log_uniform_values`",
        ["q_log_uniform"] = "W&B's `q_log_uniform` takes the bounds as natural logarithms; write the values themselves with `q_log_uniform_values`",
        ["inv_log_uniform"] = "`inv_log_uniform` is not supported; use `log_uniform_values` on the values themselves",
        ["inv_log_uniform_values"] = "`inv_log_uniform_values` is not supported; use `log_uniform_values`",
        ["q_normal"] = "`q_normal` is not supported; use `normal` (or `q_uniform` over a range)",
        ["log_normal"] = "`log_normal` is not supported; use `log_uniform_values` between two values",
        ["q_log_normal"] = "`q_log_normal` is not supported; use `q_log_uniform_values` between two values",
        ["beta"] = "`beta` is not supported; use `uniform` between `min` and `max`, or `values` with `probabilities` for a shaped choice",
        ["q_beta"] = "`q_beta` is not supported; use `q_uniform` between `min` and `max`, or `values` with `probabilities` for a shaped choice",
        ["constant"] = "write a constant as `value: x`",
    };

    public const string GridMethod = "grid";
    public const string ListMethod = "list";
    public const string RandomMethod = "random";
    public const string BayesMethod = "bayes";

    public const int DefaultMaxTrials = 100;
    public const int DefaultEvalShards = 1;
    public const int MaxEvalShards = 64;
    public const int MaxRangeLength = 100_000;
    public const int MaxSeeds = 100;
    public const int MaxRunCap = 10_000;
    public const int DefaultMaxConcurrent = 4;

    /// <summary>Top-level W&amp;B sweep keys with the reason they are not accepted and what to write instead.</summary>
    public static IReadOnlyDictionary<string, string> WandbTopLevel { get; } = new Dictionary<string, string>
    {
        ["program"] = "W&B's `program` is not needed: trials run inside the cluster's workers; remove it",
        ["command"] = "W&B's `command` is not needed: trials run inside the cluster's workers; remove it",
        ["project"] = "W&B's `project` is not used; name the sweep with `name:`",
        ["entity"] = "W&B's `entity` is not used; remove it",
        ["description"] = "descriptions are not stored; write them as a YAML comment (# ...)",
        ["target_task"] = "the target task is spelt `target:` here",
        ["source_tasks"] = "the source tasks are spelt `sources:` here",
        ["model"] = "the base model is spelt `base_model:` here",
    };

    /// <summary>Parameter-level W&amp;B keys (random/Bayesian search distributions) with the rewrite to suggest.</summary>
    public static IReadOnlyDictionary<string, string> WandbParameterLevel { get; } = new Dictionary<string, string>
    {
        ["distribution"] = "distributions are drawn from only with `method: random` or `bayes`; in a grid list the values with `values:`",
        ["min"] = "`min`/`max` bound a distribution, which only `method: random` or `bayes` draws from; in a grid list the values with `values:` (or `range: [start, stop]` for whole numbers)",
        ["max"] = "`min`/`max` bound a distribution, which only `method: random` or `bayes` draws from; in a grid list the values with `values:` (or `range: [start, stop]` for whole numbers)",
        ["q"] = "quantised distributions are drawn from only with `method: random` or `bayes`; in a grid list the values with `values:`",
        ["mu"] = "normal distributions are drawn from only with `method: random` or `bayes`; in a grid list the values with `values:`",
        ["sigma"] = "normal distributions are drawn from only with `method: random` or `bayes`; in a grid list the values with `values:`",
        ["probabilities"] = "weighted choice is only for `method: random` or `bayes`; a grid runs every value of `values:`",
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
