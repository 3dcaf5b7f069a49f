using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Parsing;
using static LoRASculpt.Sweeps.Tests.SweepFiles;

namespace LoRASculpt.Sweeps.Tests.Parsing;

/// <summary>Valid files and the error report as a whole; single refused files are in <see cref="SweepFileErrorTests"/>.</summary>
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
    public void A_parameter_some_listed_method_uses_is_fine()
    {
        Valid("""
            target: icon-mc
            methods: [lora, lorasculpt]
            parameters:
              density: {value: 0.2}
            """);
    }

    [Fact]
    public void Synthetic_parameters_are_accepted_with_the_synthetic_trial_kind()
    {
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
    public void A_yaml_syntax_error_leaves_out_yamldotnets_own_position_text()
    {
        var syntax = Assert.Single(Errors("target: icon-mc\n  methods: [lora]\n"));
        Assert.DoesNotContain("(Line:", syntax.Message);
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
    public void Errors_format_like_compiler_diagnostics()
    {
        var error = new SweepError("parameters.alpha.values[1]", "alpha must be >= 0, got -1", 8, 9);
        Assert.Equal("sweeps/a.yaml:8:9: parameters.alpha.values[1]: alpha must be >= 0, got -1", error.Format("sweeps/a.yaml"));
        Assert.Equal("a.yaml: the file is empty", new SweepError("", "the file is empty", null, null).Format("a.yaml"));
    }
}
