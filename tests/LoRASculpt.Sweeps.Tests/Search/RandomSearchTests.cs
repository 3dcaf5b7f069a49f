using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Expansion;
using LoRASculpt.Sweeps.Search;
using static LoRASculpt.Sweeps.Tests.SweepFiles;

namespace LoRASculpt.Sweeps.Tests.Search;

public sealed class RandomSearchTests
{
    private const string Random = """
        name: random-lr
        method: random
        run_cap: 6
        target: icon-mc
        methods: [lorasculpt]
        parameters:
          lr: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
          alpha: {values: [0, 1.0e-3, 1.0e-2], probabilities: [0.5, 0.25, 0.25]}
          rank: {distribution: q_uniform, min: 4, max: 16, q: 4}
          steps: {value: 60}
        """;

    private static string[] Points(SweepSpec spec) =>
        [.. SweepExpander.GridPoints(spec).Select(p => string.Join(" ", p.Select(kv => $"{kv.Key}={kv.Value}")))];

    [Fact]
    public void A_random_sweep_draws_run_cap_points_from_its_distributions()
    {
        var spec = Valid(Random);
        Assert.Equal(GridKind.Random, spec.Grid);
        Assert.Equal(6, spec.RunCap);
        Assert.Equal(["alpha", "lr", "rank"], spec.Distributions!.Keys);
        Assert.Equal(DistributionKind.Categorical, spec.Distributions["alpha"].Kind);
        Assert.Equal(["0", "0.001", "0.01"], spec.Distributions["alpha"].Values.ToArray());
        Assert.Equal(["steps"], spec.Parameters.Keys);

        var points = SweepExpander.GridPoints(spec).ToArray();
        Assert.Equal(6, points.Length);
        Assert.All(points, p => Assert.Equal("60", p["steps"]));
        Assert.All(points, p => Assert.Contains(p["rank"], new[] { "4", "8", "12", "16" }));
        Assert.Equal(6, points.Select(p => string.Join(";", p)).Distinct().Count());
        Assert.Equal(["alpha", "lr", "rank"], SweepExpander.SweptParameters(spec));
    }

    [Fact]
    public void The_same_seed_draws_the_same_points_and_another_seed_others()
    {
        Assert.Equal(Points(Valid(Random)), Points(Valid(Random)));
        Assert.Equal(SweepExpander.Plan(Valid(Random)).Trials.Select(t => t.TrialId), SweepExpander.Plan(Valid(Random)).Trials.Select(t => t.TrialId));
        Assert.NotEqual(Points(Valid(Random)), Points(Valid(Random + "\nsearch_seed: 1\n")));
        Assert.NotEqual(SweepIds.For(Valid(Random)), SweepIds.For(Valid(Random + "\nsearch_seed: 1\n")));
    }

    [Fact]
    public void A_larger_run_cap_extends_the_sequence_without_changing_its_start()
    {
        var six = Points(Valid(Random));
        var ten = Points(Valid(Random.Replace("run_cap: 6", "run_cap: 10")));
        Assert.Equal(six, ten.Take(6));
    }

    [Fact]
    public void Adding_a_parameter_leaves_the_others_draws_unchanged()
    {
        var before = SweepExpander.GridPoints(Valid(Random)).Select(p => p["lr"]).ToArray();
        var after = SweepExpander.GridPoints(Valid(Random + "\n  beta: {distribution: uniform, min: 0.1, max: 1}\n")).Select(p => p["lr"]).ToArray();
        Assert.Equal(before, after);
    }

    [Fact]
    public void Seeds_replicate_each_drawn_point()
    {
        var spec = Valid(Random + "\nseeds: 2\n");
        Assert.Equal(["0", "1"], spec.Parameters["seed"].ToArray());
        var points = SweepExpander.GridPoints(spec).ToArray();
        Assert.Equal(12, points.Length);
        Assert.Equal(points[0].Remove("seed"), points[1].Remove("seed"));
        Assert.Equal(["0", "1"], [points[0]["seed"], points[1]["seed"]]);
    }

    [Fact]
    public void Draws_the_catalogue_refuses_are_drawn_again_and_an_impossible_one_is_an_error()
    {
        // lr must be > 0: a normal around 1e-3 with a wide spread draws negatives, which are redrawn.
        var spec = Valid(Random.Replace("{distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}", "{distribution: normal, mu: 1.0e-3, sigma: 1.0e-3}"));
        Assert.All(SweepExpander.GridPoints(spec), p => Assert.True(double.Parse(p["lr"], System.Globalization.CultureInfo.InvariantCulture) > 0));

        var error = At(Errors(Random.Replace("{distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}", "{distribution: normal, mu: -5, sigma: 0.1}")), "parameters.lr");
        Assert.Contains("draws in a row fell outside the values lr accepts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_space_runs_its_distinct_points_once()
    {
        var spec = Valid("""
            method: random
            run_cap: 5
            target: icon-mc
            methods: [lorasculpt]
            parameters:
              alpha: {values: [0, 1.0e-3]}
            """);
        var plan = SweepExpander.Plan(spec);
        Assert.Equal(2, plan.Trials.Count);
    }
}
