using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Expansion;
using static LoRASculpt.Sweeps.Tests.SweepFiles;
using Settings = LoRASculpt.Contracts.Sweeps.HyperbandSettings;

namespace LoRASculpt.Sweeps.Tests.Search.EarlyTermination;

public sealed class EarlyTerminationFileTests
{
    private const string Grid = """
        target: icon-mc
        methods: [lora]
        metric: {name: avg, goal: maximize}
        early_terminate: {type: hyperband, min_iter: 1, max_iter: 9}
        parameters:
          lr: {values: [1.0e-4, 1.0e-3]}
        """;

    [Fact]
    public void A_grid_sweep_reads_its_early_termination_with_the_default_eta_and_its_metric()
    {
        var spec = Valid(Grid);
        Assert.Equal(new Settings(1, 3, 9, 0), spec.EarlyTerminate);
        Assert.Equal(["avg"], spec.Metric!.Names.ToArray());
        Assert.False(spec.Metric.Minimize);
        Assert.Equal(GridKind.Product, spec.Grid);
    }

    [Fact]
    public void Without_max_iter_or_s_rungs_run_up_to_the_stored_curve_and_s_limits_them()
    {
        var spec = Valid(Grid.Replace("max_iter: 9", "eta: 2, s: 3"));
        Assert.Equal(new Settings(1, 2, 200, 3), spec.EarlyTerminate);
    }

    [Fact]
    public void Random_and_bayes_sweeps_take_it_too()
    {
        var random = Valid("""
            method: random
            run_cap: 4
            target: icon-mc
            methods: [lora]
            metric: {name: target, goal: maximize}
            early_terminate: {type: hyperband, min_iter: 2}
            parameters:
              lr: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0e-2}
            """);
        Assert.Equal(new Settings(2, 3, 200, 0), random.EarlyTerminate);
        var bayes = Valid("""
            method: bayes
            run_cap: 4
            target: icon-mc
            methods: [lora]
            metric: {name: source, goal: minimize}
            early_terminate: {type: hyperband, min_iter: 1}
            parameters:
              lr: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0e-2}
            """);
        Assert.Equal(new Settings(1, 3, 200, 0), bayes.EarlyTerminate);
        Assert.True(bayes.Metric!.Minimize);
    }

    [Fact]
    public void Early_termination_is_part_of_the_sweep_id_and_leaves_other_sweeps_ids_alone()
    {
        var without = Grid.Replace("metric: {name: avg, goal: maximize}\n", "").Replace("early_terminate: {type: hyperband, min_iter: 1, max_iter: 9}\n", "");
        var plain = Valid(without);
        Assert.Null(plain.EarlyTerminate);
        Assert.NotEqual(SweepIds.For(plain), SweepIds.For(Valid(Grid)));
        Assert.NotEqual(SweepIds.For(Valid(Grid)), SweepIds.For(Valid(Grid.Replace("max_iter: 9", "max_iter: 10"))));
        Assert.DoesNotContain("early_terminate", SweepIds.CanonicalText(plain));
    }
}
