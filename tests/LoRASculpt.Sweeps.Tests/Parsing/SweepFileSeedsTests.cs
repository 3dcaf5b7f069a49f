using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Expansion;
using static LoRASculpt.Sweeps.Tests.SweepFiles;

namespace LoRASculpt.Sweeps.Tests.Parsing;

public sealed class SweepFileSeedsTests
{
    private const string Grid = """
        target: icon-mc
        methods: [lora, lorasculpt]
        parameters:
          alpha: {values: [1.0e-4, 1.0e-3]}
        """;

    [Fact]
    public void Seeds_run_every_grid_point_with_that_many_seeds_from_the_default()
    {
        var spec = Valid(Grid + "\nseeds: 3\n");
        Assert.Equal(["0", "1", "2"], spec.Parameters["seed"].ToArray());
        // alpha applies to lorasculpt only: lora has 1 point, lorasculpt 2, each run with 3 seeds.
        Assert.Equal((1 + 2) * 3, SweepExpander.Plan(spec).Trials.Count);
    }

    [Fact]
    public void Seeds_count_on_from_a_fixed_seed()
    {
        var spec = Valid(Grid + "\n  seed: {value: 7}\nseeds: 2\n");
        Assert.Equal(["7", "8"], spec.Parameters["seed"].ToArray());
    }

    [Fact]
    public void Seeds_plan_the_same_trials_as_the_seed_axis_they_stand_for()
    {
        var withSeeds = Valid(Grid + "\nseeds: 2\n");
        var withAxis = Valid(Grid + "\n  seed: {values: [0, 1]}\n");
        Assert.Equal(SweepExpander.Plan(withAxis).Trials.Select(t => t.TrialId), SweepExpander.Plan(withSeeds).Trials.Select(t => t.TrialId));
    }

    [Fact]
    public void One_seed_leaves_the_sweep_as_it_is()
    {
        static string Axes(SweepSpec spec) => string.Join(";", spec.Parameters.Select(p => $"{p.Key}={string.Join(",", p.Value)}"));
        Assert.Equal(Axes(Valid(Grid)), Axes(Valid(Grid + "\nseeds: 1\n")));
    }

    [Fact]
    public void List_sweeps_run_each_point_with_every_seed()
    {
        var spec = Valid("""
            method: list
            target: icon-mc
            methods: [lorasculpt]
            seeds: 2
            points:
              - {alpha: 1.0e-4}
              - {alpha: 1.0e-3, density: 0.5}
            """);
        Assert.Equal(GridKind.List, spec.Grid);
        Assert.Equal(
            ["alpha=0.0001 seed=0", "alpha=0.0001 seed=1", "alpha=0.001 density=0.5 seed=0", "alpha=0.001 density=0.5 seed=1"],
            spec.Points.Select(p => string.Join(" ", p.Select(kv => $"{kv.Key}={kv.Value}"))).ToArray());
    }

    [Theory]
    [InlineData("seeds: 0\n", "seeds", "must be between 1 and 100, got 0")]
    [InlineData("seeds: three\n", "seeds", "must be a whole number, got 'three'")]
    [InlineData("seeds: 2\n", "seeds", "`seeds:` and a `seed` axis with several values both set the seeds")]
    public void Bad_seeds_are_named(string seeds, string path, string message)
    {
        var text = message.Contains("axis", StringComparison.Ordinal) ? Grid + "\n  seed: {values: [0, 1]}\n" + seeds : Grid + "\n" + seeds;
        Assert.Contains(message, At(Errors(text), path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_that_sets_its_own_seed_conflicts_with_seeds()
    {
        var errors = Errors("""
            method: list
            target: icon-mc
            methods: [lorasculpt]
            seeds: 2
            points:
              - {alpha: 1.0e-4, seed: 3}
            """);
        var error = At(errors, "points[0]");
        Assert.Contains("sets `seed`", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.Line);
    }
}
