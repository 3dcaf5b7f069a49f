using LoRASculpt.Sweeps.Builtin;
using LoRASculpt.Sweeps.Expansion;

namespace LoRASculpt.Sweeps.Tests.Builtin;

public sealed class ReportSweepsTests
{
    [Fact]
    public void Every_section_is_a_shipped_sweep_that_parses_on_both_targets()
    {
        foreach (var section in ReportSweeps.Sections)
        {
            foreach (var target in new[] { "icon-mc", "scene-captions" })
            {
                var result = ReportSweeps.Parse(section.Name, target, seeds: 3);
                Assert.True(result.IsValid, string.Join("\n", result.Errors));
                Assert.Equal($"report-{section.Name}-{target}", result.Spec!.Name);
                Assert.Equal(target, result.Spec.TargetTask);
                Assert.Equal("torch", result.Spec.ExecutorKind);
                Assert.Equal("tiny-llava", result.Spec.BaseModel);
            }
        }
    }

    [Fact]
    public void The_sections_plan_84_trials_per_target_of_which_66_are_distinct()
    {
        // Points shared between sections (the defaults, alpha 0, density 1) are the same trial ids, so they run once.
        var planned = ReportSweeps.Sections.SelectMany(s => SweepExpander.Expand(ReportSweeps.Parse(s.Name, "icon-mc", 3).Spec!)).ToArray();

        Assert.Equal(84, planned.Length);
        Assert.Equal(66, planned.Select(t => t.TrialId).Distinct().Count());
    }

    [Fact]
    public void Shared_points_are_the_same_trials()
    {
        string[] Ids(string section, Func<PlannedTrial, bool> where) =>
            [.. SweepExpander.Expand(ReportSweeps.Parse(section, "scene-captions", 3).Spec!).Where(where).Select(t => t.TrialId)];

        var mainSculpt = Ids("main", t => t.Config.Method == "lorasculpt");
        Assert.Equal(3, mainSculpt.Length);
        Assert.Equal(mainSculpt, Ids("alpha", t => t.SweptValues["alpha"] == "10"));
        Assert.Equal(mainSculpt, Ids("density", t => t.SweptValues["density"] == "0.1"));
        Assert.Equal(mainSculpt, Ids("components", t => t.SweptValues["alpha"] == "10" && t.SweptValues["density"] == "0.1"));
        Assert.Equal(Ids("components", t => t.SweptValues["alpha"] == "0"), Ids("alpha", t => t.SweptValues["alpha"] == "0"));
        Assert.Equal(Ids("components", t => t.SweptValues["density"] == "1"), Ids("density", t => t.SweptValues["density"] == "1"));
        Assert.Equal(Ids("main", t => t.Config.Method == "lora"), Ids("lora-lr", t => t.SweptValues["lr"] == "0.002"));
    }

    [Fact]
    public void Seeds_and_trial_kind_are_rewritten_and_max_trials_follows_the_seeds()
    {
        var result = ReportSweeps.Parse("alpha", "icon-mc", seeds: 5, trialKind: "synthetic");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));

        var trials = SweepExpander.Expand(result.Spec!);

        Assert.Equal(20, result.Spec!.MaxTrials);
        Assert.Equal("synthetic", result.Spec.ExecutorKind);
        Assert.Equal(20, trials.Count);
        Assert.Equal(["0", "1", "2", "3", "4"], trials.Select(t => t.SweptValues["seed"]).Distinct());
    }

    [Fact]
    public void Beta_runs_table_one_with_the_connector_trained_by_lora()
    {
        var trials = SweepExpander.Expand(ReportSweeps.Parse("beta", "icon-mc", 3).Spec!);

        Assert.Equal(["0.01", "0.001", "0.0001", "1E-05", "1E-06"], trials.Select(t => t.SweptValues["beta"]).Distinct());
        Assert.All(trials, t => Assert.Equal("lora", t.Config.Hyperparameters["connector"]));
    }

    [Fact]
    public void An_unknown_section_names_the_sections()
    {
        var e = Assert.Throws<ArgumentException>(() => ReportSweeps.Parse("gamma", "icon-mc", 3));
        Assert.StartsWith("no report section 'gamma' (sections: main, lora-lr, components, density, alpha, beta)", e.Message);
    }
}
