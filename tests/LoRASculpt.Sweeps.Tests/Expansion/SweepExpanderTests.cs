using LoRASculpt.Contracts.Trials;
using LoRASculpt.Sweeps.Expansion;
using static LoRASculpt.Sweeps.Tests.SweepFiles;

namespace LoRASculpt.Sweeps.Tests.Expansion;

public sealed class SweepExpanderTests
{
    [Fact]
    public void Product_grid_expands_in_name_order_last_axis_fastest_methods_innermost()
    {
        var spec = Valid("""
            target: icon-mc
            methods: [lorasculpt, dora]
            parameters:
              seed: {values: [1, 0]}
              lr: {values: [1e-3, 2e-3, 5e-4]}
              steps: {value: 60}
            """);

        var plan = SweepExpander.Plan(spec);

        Assert.Equal(6, plan.GridPoints);
        Assert.Equal(["lr", "seed"], plan.SweptParameters);
        Assert.Empty(plan.Collapsed);
        Assert.Equal(
            ["lorasculpt lr=0.001 seed=1", "dora lr=0.001 seed=1", "lorasculpt lr=0.001 seed=0", "dora lr=0.001 seed=0",
             "lorasculpt lr=0.002 seed=1", "dora lr=0.002 seed=1", "lorasculpt lr=0.002 seed=0", "dora lr=0.002 seed=0",
             "lorasculpt lr=0.0005 seed=1", "dora lr=0.0005 seed=1", "lorasculpt lr=0.0005 seed=0", "dora lr=0.0005 seed=0"],
            plan.Trials.Select(t => $"{t.Config.Method} {string.Join(" ", t.SweptValues.Select(v => $"{v.Key}={v.Value}"))}"));
        Assert.Equal(12, plan.Trials.Select(t => t.TrialId).Distinct().Count());
        Assert.All(plan.Trials, t => Assert.Equal("60", t.Config.Hyperparameters["steps"]));
    }

    [Fact]
    public void Trial_ids_do_not_depend_on_number_spelling_or_runs()
    {
        var a = Valid("target: icon-mc\nmethods: [lorasculpt]\nparameters:\n  alpha: {values: [1e1]}\n  steps: {value: 60}\n");
        var b = Valid("target: icon-mc\nmethods: [lorasculpt]\nparameters:\n  alpha: {value: 10}\n  steps: 60\n");
        var c = Valid("target: icon-mc\nmethods: [lorasculpt]\nparameters:\n  alpha: {value: 10.0E+00}\n  steps: {value: 60}\n");

        var id = Assert.Single(SweepExpander.Expand(a)).TrialId;
        Assert.Equal(id, Assert.Single(SweepExpander.Expand(b)).TrialId);
        Assert.Equal(id, Assert.Single(SweepExpander.Expand(c)).TrialId);
        Assert.Matches("^t-[0-9a-f]{16}$", id);
        // Pinned text: a change here means every stored trial is re-run after an upgrade. Defaults are not
        // listed (writing a default explicitly keeps the id); the recipe stands for them and for the data.
        Assert.Equal(
            $"kind=torch\nbase_model=tiny-llava\ntarget=icon-mc\nsources=count-vqa,shape-vqa,spatial-qa,text-ocr\nmethod=lorasculpt\nrecipe={TrialIds.Recipe}\nhp.steps=60\n",
            TrialIds.CanonicalText(Assert.Single(SweepExpander.Expand(a)).Config));
    }

    [Fact]
    public void Trial_id_is_a_prefix_of_the_sha256_of_the_canonical_text()
    {
        var config = new TrialConfig("tiny-llava", "icon-mc", ["text-ocr", "shape-vqa"], "lora",
            System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("rank", "4"), "torch");
        var text = $"kind=torch\nbase_model=tiny-llava\ntarget=icon-mc\nsources=shape-vqa,text-ocr\nmethod=lora\nrecipe={TrialIds.Recipe}\nhp.rank=4\n";
        var expected = "t-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

        Assert.Equal(text, TrialIds.CanonicalText(config));
        Assert.Equal(expected, TrialIds.For(config));
        Assert.Equal(expected, TrialIds.For(config with { SourceTasks = ["shape-vqa", "text-ocr"] }));
        Assert.NotEqual(expected, TrialIds.For(config with { ExecutorKind = "synthetic" }));
    }

    [Fact]
    public void The_recipe_names_the_data_version_and_hashes_every_catalogue_default_but_the_reporting_only_ones()
    {
        var catalogue = LoRASculpt.Core.Settings.TrialParameters.All;
        var defaults = string.Join("\n", catalogue.Where(p => p.Name is not ("eval_every" or "curve_samples")).Select(p => $"{p.Name}={p.Default}"));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(defaults)))[..8];

        Assert.Equal($"{LoRASculpt.Core.Benchmark.BenchmarkData.Version};defaults-{hash}", TrialIds.Recipe);
        Assert.DoesNotContain("recipe=", TrialIds.CanonicalText(new TrialConfig("tiny-llava", "icon-mc", ["text-ocr"], "lora",
            System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty, "synthetic")));
    }

    [Fact]
    public void Forgetting_curve_settings_at_their_defaults_keep_the_trial_id_and_other_values_are_named()
    {
        var plain = Valid("target: icon-mc\nmethods: [lorasculpt]\nparameters:\n  steps: 60\n");
        var defaults = Valid("target: icon-mc\nmethods: [lorasculpt]\nparameters:\n  steps: 60\n  eval_every: 50\n  curve_samples: 32\n");
        var off = Valid("target: icon-mc\nmethods: [lorasculpt]\nparameters:\n  steps: 60\n  eval_every: 0\n");

        var id = Assert.Single(SweepExpander.Expand(plain)).TrialId;
        Assert.Equal(id, Assert.Single(SweepExpander.Expand(defaults)).TrialId);
        var offConfig = Assert.Single(SweepExpander.Expand(off)).Config;
        Assert.Equal("0", offConfig.Hyperparameters["eval_every"]);
        Assert.NotEqual(id, TrialIds.For(offConfig));
    }

    [Fact]
    public void Parameters_a_method_ignores_do_not_split_its_trials()
    {
        var spec = Valid("""
            target: icon-mc
            methods: [lora, lorasculpt]
            parameters:
              alpha: {values: [1e-4, 10, 1e-2]}
              density: {values: [0.1, 0.2]}
            """);

        var plan = SweepExpander.Plan(spec);

        Assert.Equal(6, plan.GridPoints);
        Assert.Equal(7, plan.Trials.Count);
        var lora = Assert.Single(plan.Trials, t => t.Config.Method == "lora");
        Assert.Empty(lora.Config.Hyperparameters);
        Assert.Empty(lora.SweptValues);
        Assert.Equal("lora: 6 grid points run as 1 trial (alpha, density do not apply to lora)", Assert.Single(plan.CollapseSummary));
        var sculpt = plan.Trials.Where(t => t.Config.Method == "lorasculpt").ToArray();
        Assert.Equal(6, sculpt.Length);
        // The density shorthand is expanded, and values equal to the default (density 0.1, alpha 10) are left out.
        Assert.Equal(["alpha=0.0001"], sculpt[0].Config.Hyperparameters.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(["alpha=0.0001", "density_a=0.2", "density_b=0.2"], sculpt[1].Config.Hyperparameters.Select(p => $"{p.Key}={p.Value}"));
        Assert.Empty(sculpt[2].Config.Hyperparameters);
        Assert.Equal(["alpha=10", "density=0.1"], sculpt[2].SweptValues.Select(p => $"{p.Key}={p.Value}"));
    }

    [Fact]
    public void Writing_a_default_explicitly_gives_the_same_trial_as_omitting_it()
    {
        var implicitSteps = Valid("target: icon-mc\nmethods: [lora]\n");
        var defaultSteps = LoRASculpt.Core.Settings.TrialParameters.Find("steps")!.Default;
        var explicitSteps = Valid($"target: icon-mc\nmethods: [lora]\nparameters:\n  steps: {{value: {defaultSteps}}}\n");

        Assert.Equal(SweepExpander.Expand(implicitSteps)[0].TrialId, SweepExpander.Expand(explicitSteps)[0].TrialId);
    }

    [Fact]
    public void List_mode_runs_each_point_with_the_fixed_parameters_for_each_method()
    {
        var spec = Valid("""
            method: list
            target: icon-mc
            methods: [lorasculpt, lora]
            parameters:
              steps: {value: 60}
            points:
              - {alpha: 1e-3, density: 0.1}
              - {alpha: 1e-2, density: 0.3}
              - {alpha: 1e-2, density: 0.3, steps: 80}
            """);

        var plan = SweepExpander.Plan(spec);

        Assert.Equal(3, plan.GridPoints);
        Assert.Equal(["alpha", "density", "steps"], plan.SweptParameters);
        Assert.Equal(
            ["lorasculpt alpha=0.001 density=0.1 steps=60", "lora steps=60",
             "lorasculpt alpha=0.01 density=0.3 steps=60",
             "lorasculpt alpha=0.01 density=0.3 steps=80", "lora steps=80"],
            plan.Trials.Select(t => $"{t.Config.Method} {string.Join(" ", t.SweptValues.Select(v => $"{v.Key}={v.Value}"))}"));
        Assert.Equal("lora: 3 grid points run as 2 trials (alpha, density do not apply to lora)", Assert.Single(plan.CollapseSummary));
    }

    [Fact]
    public void Synthetic_trials_keep_their_wait_in_the_config()
    {
        var spec = Valid("""
            target: icon-mc
            methods: [lora]
            trial_kind: synthetic
            max_trials: 2000
            parameters:
              duration_ms: {value: 250}
              seed: {range: [0, 2000]}
            """);

        var trials = SweepExpander.Expand(spec);

        Assert.Equal(2000, trials.Count);
        Assert.Equal(2000, trials.Select(t => t.TrialId).Distinct().Count());
        Assert.Equal(TimeSpan.FromMilliseconds(250), Synthetic.SyntheticTrialParameters.Duration(trials[5].Config.Hyperparameters));
        Assert.Equal(0, Synthetic.SyntheticTrialParameters.FailingAttempts(trials[5].Config.Hyperparameters));
        Assert.Equal("synthetic", trials[5].Config.ExecutorKind);
        Assert.Equal("5", trials[5].Config.Hyperparameters["seed"]);
    }

    [Fact]
    public void Sweep_ids_follow_content_not_spelling()
    {
        var a = Valid("name: s\ntarget: icon-mc\nmethods: [lorasculpt]\nparameters:\n  alpha: {values: [1e-3, 1e-4]}\n");
        var b = Valid("name: s\ntarget: icon-mc\nmethods: [lorasculpt]\nparameters:\n  alpha: {values: [0.001, 0.0001]}\n");
        var reordered = Valid("name: s\ntarget: icon-mc\nmethods: [lorasculpt]\nparameters:\n  alpha: {values: [1e-4, 1e-3]}\n");

        Assert.Matches("^s-[0-9a-f]{12}$", SweepIds.For(a));
        Assert.Equal(SweepIds.For(a), SweepIds.For(b));
        Assert.NotEqual(SweepIds.For(a), SweepIds.For(reordered));
        Assert.NotEqual(SweepIds.For(a), SweepIds.For(a with { EvalShards = 3 }));
    }
}
