using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Parsing;
using static LoRASculpt.Sweeps.Tests.SweepFiles;

namespace LoRASculpt.Sweeps.Tests.Parsing;

public sealed class SweepFileParserTests
{
    private const string Quickstart = """
        name: quickstart
        method: grid
        base_model: tiny-llava
        target: icon-mc
        sources: [text-ocr, shape-vqa]
        methods: [lora, lorasculpt]
        trial_kind: torch
        eval_shards: 2
        max_trials: 50
        parameters:
          alpha: {values: [1.0e-4, 1e-3]}
          steps: {value: 60}
          seed: {values: [0, 1]}
          target_modules: {value: [v, q, k, o]}
        """;

    [Fact]
    public void A_valid_file_becomes_a_normalised_spec()
    {
        var spec = Valid(Quickstart);

        Assert.Equal("quickstart", spec.Name);
        Assert.Equal("tiny-llava", spec.BaseModel);
        Assert.Equal("icon-mc", spec.TargetTask);
        Assert.Equal(["shape-vqa", "text-ocr"], spec.SourceTasks.ToArray()); // registry order, not file order
        Assert.Equal(["lora", "lorasculpt"], spec.Methods.ToArray());
        Assert.Equal(GridKind.Product, spec.Grid);
        Assert.Equal(2, spec.EvalShards);
        Assert.Equal(50, spec.MaxTrials);
        Assert.Equal("torch", spec.ExecutorKind);
        Assert.Equal(["alpha", "seed", "steps", "target_modules"], spec.Parameters.Keys);
        Assert.Equal(["0.0001", "0.001"], spec.Parameters["alpha"].ToArray());
        Assert.Equal(["60"], spec.Parameters["steps"].ToArray());
        Assert.Equal(["q,k,v,o"], spec.Parameters["target_modules"].ToArray());
        Assert.Empty(spec.Points);
    }

    [Fact]
    public void Defaults_fill_optional_keys_and_the_name_comes_from_the_file()
    {
        var spec = Valid("""
            target: icon-mc
            methods: lorasculpt
            """, "my-sweep.yml");

        Assert.Equal("my-sweep", spec.Name);
        Assert.Equal("tiny-llava", spec.BaseModel);
        Assert.Equal(["shape-vqa", "text-ocr", "spatial-qa", "count-vqa"], spec.SourceTasks.ToArray());
        Assert.Equal(["lorasculpt"], spec.Methods.ToArray());
        Assert.Equal(100, spec.MaxTrials);
        Assert.Equal(1, spec.EvalShards);
        Assert.Equal("torch", spec.ExecutorKind);
        Assert.Empty(spec.Parameters);
    }

    [Fact]
    public void Unknown_top_level_key_names_its_line_and_suggests_the_right_one()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lora]
            max_trails: 5
            """);

        var error = At(errors, "max_trails");
        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.StartsWith("unknown key 'max_trails'. Did you mean 'max_trials'?", error.Message);
    }

    [Fact]
    public void Density_above_one_is_reported_at_its_list_item()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              density: {values: [0.1, 1.5]}
            """);

        var error = Assert.Single(errors);
        Assert.Equal("parameters.density.values[1]", error.Path);
        Assert.Equal((4, 27), (error.Line, error.Column));
        Assert.Equal("density must be in (0, 1], got 1.5", error.Message);
    }

    [Fact]
    public void Rank_zero_and_negative_alpha_are_both_reported()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              rank: {value: 0}
              alpha:
                values:
                  - 1e-3
                  - -1e-3
            """);

        Assert.Equal(2, errors.Count);
        var rank = At(errors, "parameters.rank.value");
        Assert.Equal((4, 17), (rank.Line, rank.Column));
        Assert.Equal("rank must be >= 1, got 0", rank.Message);
        var alpha = At(errors, "parameters.alpha.values[1]");
        Assert.Equal((8, 9), (alpha.Line, alpha.Column));
        Assert.Equal("alpha must be >= 0, got -0.001", alpha.Message);
    }

    [Fact]
    public void Unknown_method_and_tasks_are_reported_with_suggestions()
    {
        var errors = Errors("""
            target: shape-vqa
            sources: [text-ocr, icon-mc, count-vq]
            methods: [lora, lorascupt]
            """);

        Assert.Equal(4, errors.Count);
        Assert.Equal("'shape-vqa' is a source task, not a target task; target tasks: icon-mc, scene-captions", At(errors, "target").Message);
        Assert.StartsWith("'icon-mc' is a target task, not a source task", At(errors, "sources[1]").Message);
        Assert.StartsWith("unknown task 'count-vq'. Did you mean 'count-vqa'?", At(errors, "sources[2]").Message);
        var method = At(errors, "methods[1]");
        Assert.Equal((3, 17), (method.Line, method.Column));
        Assert.StartsWith("unknown method 'lorascupt'. Did you mean 'lorasculpt'?", method.Message);
    }

    [Fact]
    public void Unknown_base_model_and_missing_required_keys()
    {
        var errors = Errors("base_model: llava-13b\n");

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("unknown base model 'llava-13b'", At(errors, "base_model").Message);
        Assert.StartsWith("missing: name the target task", At(errors, "target").Message);
        Assert.StartsWith("missing: list the fine-tuning methods", At(errors, "methods").Message);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("bayes")]
    public void Bayes_is_refused_with_a_rewrite_and_random_asks_for_its_run_cap(string method)
    {
        var errors = Errors($"""
            method: {method}
            target: icon-mc
            methods: [lora]
            """);

        var error = At(errors, method == "bayes" ? "method" : "run_cap");
        Assert.Equal((1, 9), (error.Line, error.Column));
        Assert.Equal(method == "bayes"
            ? "bayes search is not supported yet; use `method: random` with distributions and a `run_cap`, or `method: grid`"
            : "`method: random` needs `run_cap:`, the number of points to draw (e.g. `run_cap: 20`)", error.Message);
    }

    [Fact]
    public void Wandb_distribution_metric_and_program_keys_say_how_to_rewrite()
    {
        var errors = Errors("""
            program: train.py
            metric: {name: avg, goal: maximize}
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              lr:
                distribution: log_uniform_values
                min: 1e-5
                max: 1e-3
            """);

        Assert.Equal(5, errors.Count);
        Assert.Equal("unknown key 'program': W&B's `program` is not needed: trials run inside the cluster's workers; remove it", At(errors, "program").Message);
        Assert.StartsWith("unknown key 'metric': W&B's `metric` is not needed", At(errors, "metric").Message);
        var distribution = At(errors, "parameters.lr.distribution");
        Assert.Equal((7, 5), (distribution.Line, distribution.Column));
        Assert.Equal("unknown key 'distribution': distributions are drawn from only with `method: random`; in a grid list the values with `values:`", distribution.Message);
        Assert.Contains("list the values with `values:`", At(errors, "parameters.lr.min").Message);
        Assert.Contains("list the values with `values:`", At(errors, "parameters.lr.max").Message);
    }

    [Fact]
    public void Too_many_trials_names_the_count()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lorasculpt, dora]
            max_trials: 5
            parameters:
              seed: {values: [0, 1, 2]}
            """);

        var error = Assert.Single(errors);
        Assert.Equal("max_trials", error.Path);
        Assert.Equal((3, 13), (error.Line, error.Column));
        Assert.Equal("the sweep expands to 6 trials, more than max_trials (5); raise max_trials or shrink the grid", error.Message);
    }

    [Fact]
    public void A_huge_grid_is_refused_before_it_is_expanded()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lorasculpt]
            trial_kind: synthetic
            parameters:
              seed: {range: [0, 2000]}
              duration_ms: {range: [0, 2000]}
            """);

        Assert.Equal("the grid has 4,000,000 points x 1 method(s), far more than max_trials (100); shrink the grid", At(errors, "max_trials").Message);
    }

    [Fact]
    public void List_mode_without_points_and_grid_mode_with_points_are_errors()
    {
        var listWithout = Errors("""
            method: list
            target: icon-mc
            methods: [lorasculpt]
            """);
        var error = At(listWithout, "points");
        Assert.Equal((1, 9), (error.Line, error.Column));
        Assert.StartsWith("`method: list` needs `points:`", error.Message);

        var gridWith = Errors("""
            target: icon-mc
            methods: [lorasculpt]
            points:
              - {alpha: 1e-3}
            """);
        Assert.StartsWith("`points` are only used with `method: list`", At(gridWith, "points").Message);
    }

    [Fact]
    public void List_mode_points_are_validated_with_their_paths()
    {
        var errors = Errors("""
            method: list
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              steps: {values: [50, 60]}
            points:
              - {alpha: 1e-3, density: 0.1}
              - {alpha: 0.001, density: 0.1}
              - {alpha: 1e-3, densty: 0.2}
            """);

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("with `method: list`, parameters hold fixed values", At(errors, "parameters.steps").Message);
        Assert.Equal("duplicate point: same values as points[0]", At(errors, "points[1]").Message);
        var typo = At(errors, "points[2].densty");
        Assert.Equal((9, 19), (typo.Line, typo.Column));
        Assert.StartsWith("unknown parameter 'densty'. Did you mean 'density'?", typo.Message);
    }

    [Fact]
    public void Duplicate_values_are_caught_after_canonicalisation()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              alpha: {values: [1e-3, 0.001]}
            """);

        Assert.Equal("duplicate value: equals parameters.alpha.values[0] (0.001)", At(errors, "parameters.alpha.values[1]").Message);
    }

    [Fact]
    public void A_parameter_no_listed_method_uses_is_an_error_but_one_some_use_is_fine()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lora, dora]
            parameters:
              density: {value: 0.2}
            """);
        Assert.Equal("density applies only to lorasculpt, and none of the listed methods (lora, dora) uses it", At(errors, "parameters.density").Message);

        Valid("""
            target: icon-mc
            methods: [lora, lorasculpt]
            parameters:
              density: {value: 0.2}
            """);
    }

    [Fact]
    public void Synthetic_parameters_need_the_synthetic_trial_kind()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lora]
            parameters:
              duration_ms: {value: 100}
            """);
        Assert.Equal("duration_ms only applies to `trial_kind: synthetic` trials", At(errors, "parameters.duration_ms").Message);

        var spec = Valid("""
            target: icon-mc
            methods: [lora]
            trial_kind: synthetic
            max_trials: 10
            parameters:
              duration_ms: {value: 100}
              seed: {range: [0, 10, 3]}
            """);
        Assert.Equal("synthetic", spec.ExecutorKind);
        Assert.Equal(["0", "3", "6", "9"], spec.Parameters["seed"].ToArray());
        Assert.Equal(["100"], spec.Parameters["duration_ms"].ToArray());
    }

    [Fact]
    public void Range_is_only_for_whole_numbers()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              alpha: {range: [0, 3]}
            """);

        Assert.Equal("`range` is only for whole-number parameters; alpha is float: list its values with `values:`", At(errors, "parameters.alpha.range").Message);
    }

    [Fact]
    public void Settings_combinations_are_checked_for_every_grid_point()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lora, lorasculpt]
            parameters:
              steps: {values: [10, 100]}
              prune_step: {value: 15}
            """);

        var error = Assert.Single(errors);
        Assert.Equal("parameters.prune_step", error.Path);
        Assert.Equal((5, 15), (error.Line, error.Column));
        Assert.Equal("prune_step must be less than steps (10), got 15 (for method lorasculpt with steps=10)", error.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = Errors("""
            name: everything-wrong
            method: grid
            target: icon-mc
            methods: [lora, lorasculpt, lorasculpt]
            trial_kind: cuda
            eval_shards: 65
            max_trials: 0
            parameters:
              lr: {values: []}
              connector: {value: partial}
              omega: {}
              steps: 100
              seed: [0, 1]
              batch_size: {value: 16, values: [8, 16]}
            """);

        Assert.Equal(
            ["methods[2]", "trial_kind", "eval_shards", "max_trials", "parameters.lr.values", "parameters.connector.value",
             "parameters.omega", "parameters.seed", "parameters.batch_size"],
            errors.Select(e => e.Path));
        Assert.Equal("duplicate method 'lorasculpt' (also methods[1])", errors[0].Message);
        Assert.Equal("must be between 1 and 64, got 65", errors[2].Message);
        Assert.Equal("must be at least 1, got 0", errors[3].Message);
        Assert.Equal("must list at least one value", errors[4].Message);
        Assert.Equal("connector must be one of frozen, full, lora; got 'partial'", errors[5].Message);
        Assert.Equal("give the parameter's `value:` or its `values:`", errors[6].Message);
        Assert.Equal("write `{values: [...]}` to sweep over several values", errors[7].Message);
        Assert.Equal("give only one of `value`, `values`", errors[8].Message);
    }

    [Fact]
    public void Empty_values_and_syntax_errors_have_positions()
    {
        var empty = Errors("""
            target:
            methods: [lora]
            """);
        Assert.Equal(("empty value", 1), (At(empty, "target").Message, At(empty, "target").Line!.Value));

        var syntax = Assert.Single(Errors("target: icon-mc\n  methods: [lora]\n"));
        Assert.Equal(("", 2), (syntax.Path, syntax.Line));
        Assert.Contains("mapping", syntax.Message);
        Assert.DoesNotContain("(Line:", syntax.Message);

        // YamlDotNet throws a non-YAML exception for this unterminated flow list; it must still be a reported error.
        var unterminated = Assert.Single(Errors("target: icon-mc\nmethods: [lora\nparameters: {}\n"));
        Assert.StartsWith("invalid YAML", unterminated.Message);

        var duplicate = Errors("target: icon-mc\nmethods: [lora]\ntarget: scene-captions\n");
        Assert.Equal("duplicate key 'target': each key may appear only once", Assert.Single(duplicate).Message);
        Assert.Equal(3, duplicate[0].Line);

        Assert.Equal("a sweep file must be a mapping of keys (name, target, methods, parameters, ...), found a list",
            Assert.Single(Errors("- target\n")).Message);
        Assert.StartsWith("the file is empty", Assert.Single(Errors("")).Message);
    }

    [Fact]
    public void Errors_format_like_compiler_diagnostics()
    {
        var error = new SweepError("parameters.alpha.values[1]", "alpha must be >= 0, got -1", 8, 9);
        Assert.Equal("sweeps/a.yaml:8:9: parameters.alpha.values[1]: alpha must be >= 0, got -1", error.Format("sweeps/a.yaml"));
        Assert.Equal("a.yaml: the file is empty", new SweepError("", "the file is empty", null, null).Format("a.yaml"));
    }

    [Fact]
    public void Names_from_other_tools_point_to_the_catalogue_name()
    {
        var errors = Errors("""
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              learning_rate: {values: [1e-4]}
              sparsity: {value: 0.1}
              method: {value: lora}
            """);

        Assert.Equal("unknown parameter 'learning_rate': use lr", At(errors, "parameters.learning_rate").Message);
        Assert.Equal("unknown parameter 'sparsity': use density", At(errors, "parameters.sparsity").Message);
        Assert.Equal("the fine-tuning methods are not a parameter; list them at the top level under `methods:`", At(errors, "parameters.method").Message);
    }
}
