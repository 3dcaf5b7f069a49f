using LoRASculpt.Sweeps.Builtin;
using LoRASculpt.Sweeps.Expansion;

namespace LoRASculpt.Sweeps.Tests.Builtin;

public sealed class BuiltinSweepsTests
{
    [Fact]
    public void The_shipped_sweeps_are_embedded()
    {
        Assert.Equal(["bayes-search", "beta-ablation", "early-termination", "llava-1.5-7b-iconqa", "pareto-search", "quickstart", "random-search",
            "report-alpha", "report-beta", "report-components", "report-density", "report-lora-lr", "report-main", "synthetic-overhead"], BuiltinSweeps.Names);
    }

    [Fact]
    public void Quickstart_is_lora_against_lorasculpt_from_alpha_0_to_a_dominant_cmr()
    {
        var result = BuiltinSweeps.ParseFileOrBuiltin(BuiltinSweeps.Quickstart);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));

        var plan = SweepExpander.Plan(result.Spec!);

        Assert.Equal(
            ["lora", "lorasculpt alpha=0", "lorasculpt alpha=1", "lorasculpt alpha=10", "lorasculpt alpha=100"],
            plan.Trials.Select(t => string.Join(" ", [t.Config.Method, .. t.SweptValues.Select(v => $"{v.Key}={v.Value}")])));
        Assert.All(plan.Trials, t => Assert.False(t.Config.Hyperparameters.ContainsKey("steps"), "the quickstart runs the default recipe"));
        Assert.Equal("lora: 4 grid points run as 1 trial (alpha does not apply to lora)", Assert.Single(plan.CollapseSummary));
    }

    [Fact]
    public void Beta_ablation_covers_table_one()
    {
        var result = BuiltinSweeps.ParseFileOrBuiltin(BuiltinSweeps.BetaAblation);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));

        var trials = SweepExpander.Expand(result.Spec!);

        Assert.Equal(6, trials.Count);
        Assert.Equal(["0.01", "0.001", "0.0001", "1E-05", "1E-06"],
            trials.Where(t => t.Config.Method == "lorasculpt").Select(t => t.SweptValues["beta"]));
        Assert.All(trials, t => Assert.Equal("lora", t.Config.Hyperparameters["connector"]));
    }

    [Fact]
    public void Synthetic_overhead_is_two_thousand_trials_of_100_ms()
    {
        var result = BuiltinSweeps.ParseFileOrBuiltin(BuiltinSweeps.SyntheticOverhead);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));

        var trials = SweepExpander.Expand(result.Spec!);

        Assert.Equal(2000, trials.Count);
        Assert.All(trials, t => Assert.Equal(TimeSpan.FromMilliseconds(100), Synthetic.SyntheticTrialParameters.Duration(t.Config.Hyperparameters)));
    }

    [Fact]
    public void Pareto_search_is_a_bayes_search_over_source_and_target()
    {
        var result = BuiltinSweeps.ParseFileOrBuiltin("pareto-search");
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(e => e.Message)));
        var spec = result.Spec!;

        Assert.Equal(Contracts.Sweeps.GridKind.Bayes, spec.Grid);
        Assert.Equal(["source", "target"], spec.Metric!.Names.ToArray());
        Assert.False(spec.Metric.Minimize);
        Assert.Equal(12, spec.RunCap);
        Assert.Equal(2, SweepExpander.Plan(spec).Trials.Count); // max_concurrent points first; the rest are proposed
    }

    [Fact]
    public void Early_termination_runs_six_torch_trials_with_one_rung_at_curve_point_four()
    {
        var result = BuiltinSweeps.ParseFileOrBuiltin("early-termination");
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(e => e.Message)));
        var spec = result.Spec!;

        Assert.Equal(new Contracts.Sweeps.HyperbandSettings(4, 2, 6, 0), spec.EarlyTerminate);
        Assert.Equal([4], LoRASculpt.Sweeps.Search.EarlyTermination.HyperbandRungs.Of(spec.EarlyTerminate!).ToArray());
        Assert.Equal(["avg"], spec.Metric!.Names.ToArray());
        Assert.Equal("torch", spec.ExecutorKind);
        var trials = SweepExpander.Plan(spec).Trials;
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t => Assert.Equal("25", t.Config.Hyperparameters["eval_every"]));
    }

    [Fact]
    public void Shipped_sweeps_are_also_plain_files_next_to_the_binaries()
    {
        using var home = LlavaHome();
        foreach (var name in BuiltinSweeps.Names)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Builtin", name + ".yaml");
            Assert.Equal(BuiltinSweeps.FindText(name), File.ReadAllText(path));
            Assert.True(BuiltinSweeps.ParseFileOrBuiltin(path, home.Root).IsValid);
        }
    }

    [Fact]
    public void Llava_iconqa_without_the_checkpoint_says_the_directory_does_not_exist()
    {
        using var home = new CheckpointWorkspace();

        var result = BuiltinSweeps.ParseFileOrBuiltin(BuiltinSweeps.Llava15IconQa, home.Root);

        Assert.Equal([
                $"llava-1.5-7b-iconqa.yaml:14:13: base_model: checkpoint directory {home.Root}/models/llava-1.5-7b-hf does not exist",
                $"llava-1.5-7b-iconqa.yaml:15:8: suite: suite file {home.Root}/data/lorasculpt-suite.json does not exist",
            ],
            result.Errors.Select(e => e.Format("llava-1.5-7b-iconqa.yaml")));
    }

    [Fact]
    public void Llava_iconqa_is_the_papers_recipe_for_lora_and_lorasculpt()
    {
        using var home = LlavaHome();

        var result = BuiltinSweeps.ParseFileOrBuiltin(BuiltinSweeps.Llava15IconQa, home.Root);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var trials = SweepExpander.Expand(result.Spec!);

        Assert.Equal(["lora", "lorasculpt"], trials.Select(t => t.Config.Method));
        Assert.All(trials, t =>
        {
            Assert.Equal($"{home.Root}/models/llava-1.5-7b-hf", t.Config.BaseModel);
            Assert.Equal($"{home.Root}/data/lorasculpt-suite.json", t.Config.Suite);
            Assert.Equal("iconqa-txt", t.Config.TargetTask);
        });
        // Settings equal to the catalogue default (batch_size 16, lorasculpt's density 0.1) are left out of
        // the config; every training item and evaluation question is used (0), not the built-in benchmark's caps.
        Assert.Equal("connector=full connector_lr=2E-05 epochs=3 eval_samples=0 gradient_checkpointing=true lora_alpha=64 lr=0.0002 precision=bf16 rank=32 train_samples=0",
            Hyperparameters(trials[0]));
        Assert.Equal("alpha=0.001 connector=full connector_lr=2E-05 epochs=3 eval_samples=0 gradient_checkpointing=true lora_alpha=64 lr=0.0002 precision=bf16 prune_step=100 rank=32 train_samples=0",
            Hyperparameters(trials[1]));
    }

    [Fact]
    public void Builtin_benchmark_sweeps_name_no_suite_so_their_trial_ids_keep_their_form()
    {
        var spec = BuiltinSweeps.ParseFileOrBuiltin(BuiltinSweeps.Quickstart).Spec!;
        var lora = SweepExpander.Expand(spec)[0];

        Assert.Equal("", spec.Suite);
        Assert.Equal("", lora.Config.Suite);
        Assert.Equal($"kind=torch\nbase_model=tiny-llava\ntarget=icon-mc\nsources=count-vqa,shape-vqa,spatial-qa,text-ocr\nmethod=lora\nrecipe={TrialIds.Recipe}\n",
            TrialIds.CanonicalText(lora.Config));
        Assert.DoesNotContain("suite=", SweepIds.CanonicalText(spec));
    }

    private static string Hyperparameters(PlannedTrial trial) =>
        string.Join(" ", trial.Config.Hyperparameters.Where(p => p.Key != "seed").Select(p => $"{p.Key}={p.Value}"));

    /// <summary>A home folder holding the files the LLaVA sweep points at.</summary>
    private static CheckpointWorkspace LlavaHome()
    {
        var home = new CheckpointWorkspace();
        home.Checkpoint("models/llava-1.5-7b-hf");
        home.Suite("data/lorasculpt-suite.json");
        return home;
    }

    [Fact]
    public void An_unknown_name_lists_the_shipped_sweeps()
    {
        var error = Assert.Single(BuiltinSweeps.ParseFileOrBuiltin("quickstrat").Errors);
        Assert.Equal("no such file, and no shipped sweep named 'quickstrat' (shipped: bayes-search, beta-ablation, early-termination, llava-1.5-7b-iconqa, pareto-search, quickstart, random-search, report-alpha, report-beta, report-components, report-density, report-lora-lr, report-main, synthetic-overhead)", error.Message);
    }
}
