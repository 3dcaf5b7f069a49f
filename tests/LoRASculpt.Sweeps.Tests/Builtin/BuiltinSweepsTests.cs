using LoRASculpt.Sweeps.Builtin;
using LoRASculpt.Sweeps.Expansion;

namespace LoRASculpt.Sweeps.Tests.Builtin;

public sealed class BuiltinSweepsTests
{
    [Fact]
    public void The_shipped_sweeps_are_embedded()
    {
        Assert.Equal(["beta-ablation", "quickstart", "synthetic-overhead"], BuiltinSweeps.Names);
    }

    [Fact]
    public void Quickstart_is_lora_against_three_lorasculpt_alphas()
    {
        var result = BuiltinSweeps.ParseFileOrBuiltin(BuiltinSweeps.Quickstart);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));

        var plan = SweepExpander.Plan(result.Spec!);

        Assert.Equal(
            ["lora", "lorasculpt alpha=0.0001", "lorasculpt alpha=0.001", "lorasculpt alpha=0.01"],
            plan.Trials.Select(t => string.Join(" ", [t.Config.Method, .. t.SweptValues.Select(v => $"{v.Key}={v.Value}")])));
        Assert.All(plan.Trials, t => Assert.False(t.Config.Hyperparameters.ContainsKey("steps"), "the quickstart runs the default recipe"));
        Assert.Equal("lora: 3 grid points run as 1 trial (alpha does not apply to lora)", Assert.Single(plan.CollapseSummary));
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
    public void Shipped_sweeps_are_also_plain_files_next_to_the_binaries()
    {
        foreach (var name in BuiltinSweeps.Names)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Builtin", name + ".yaml");
            Assert.Equal(BuiltinSweeps.FindText(name), File.ReadAllText(path));
            Assert.True(BuiltinSweeps.ParseFileOrBuiltin(path).IsValid);
        }
    }

    [Fact]
    public void An_unknown_name_lists_the_shipped_sweeps()
    {
        var error = Assert.Single(BuiltinSweeps.ParseFileOrBuiltin("quickstrat").Errors);
        Assert.Equal("no such file, and no shipped sweep named 'quickstrat' (shipped: beta-ablation, quickstart, synthetic-overhead)", error.Message);
    }
}
