using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Sweeps.Expansion;
using LoRASculpt.Sweeps.Search;
using static LoRASculpt.Sweeps.Tests.SweepFiles;

namespace LoRASculpt.Sweeps.Tests.Search;

public sealed class BayesSearchTests
{
    private const string Bayes = """
        method: bayes
        run_cap: 6
        max_concurrent: 2
        metric: {name: target, goal: maximize}
        target: icon-mc
        methods: [lorasculpt]
        parameters:
          lr: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0e-2}
          alpha: {values: [0, 1, 10]}
        """;

    private static readonly TrialResult Done = new([], 50, 40, 45,
        new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 1, 1, 1, ImmutableSortedDictionary<string, string>.Empty),
        TimeSpan.Zero, TimeSpan.Zero, "a", "v");

    private static (SweepTrial, TrialStatus?, TrialResult?)[] Rows(IEnumerable<PlannedTrial> trials, Func<int, TrialStatus?> status) =>
        [.. trials.Select((t, i) => (new SweepTrial(t.TrialId, t.Config, t.SweptValues.ToImmutableSortedDictionary(StringComparer.Ordinal)),
            status(i), status(i) == TrialStatus.Completed ? Done with { Target = 40 + i } : null))];

    [Fact]
    public void A_bayes_file_is_read_with_its_metric_and_concurrency()
    {
        var spec = Valid(Bayes);
        Assert.Equal(GridKind.Bayes, spec.Grid);
        Assert.Equal(["target"], spec.Metric!.Names.ToArray());
        Assert.False(spec.Metric.Minimize);
        Assert.Equal(2, spec.MaxConcurrent);
        Assert.Equal(["alpha", "lr"], spec.Distributions!.Keys);
    }

    [Fact]
    public void The_plan_starts_with_max_concurrent_points_and_more_come_as_trials_finish()
    {
        var spec = Valid(Bayes);
        var first = SweepExpander.Plan(spec).Trials;
        Assert.Equal(2, first.Count);
        // Nothing finished: both still running, nothing to add.
        Assert.Empty(BayesSearch.Propose(spec, Rows(first, _ => TrialStatus.Training), null));
        // One finished: one more.
        var next = BayesSearch.Propose(spec, Rows(first, i => i == 0 ? TrialStatus.Completed : TrialStatus.Training), null);
        Assert.Single(next);
        Assert.DoesNotContain(next[0].TrialId, first.Select(t => t.TrialId));
        // The same history proposes the same trial.
        Assert.Equal(next[0].TrialId, BayesSearch.Propose(spec, Rows(first, i => i == 0 ? TrialStatus.Completed : TrialStatus.Training), null)[0].TrialId);
    }

    [Fact]
    public void It_stops_at_run_cap()
    {
        var spec = Valid(Bayes);
        var all = SweepExpander.Plan(spec).Trials.ToList();
        while (true)
        {
            var next = BayesSearch.Propose(spec, Rows(all, _ => TrialStatus.Completed), null);
            if (next.Count == 0)
            {
                break;
            }

            all.AddRange(next);
        }

        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Select(t => t.TrialId).Distinct().Count());
    }

    [Fact]
    public void Seeds_give_each_proposed_point_one_trial_per_seed()
    {
        var spec = Valid(Bayes + "\nseeds: 2\n");
        var first = SweepExpander.Plan(spec).Trials;
        Assert.Equal(4, first.Count);
        Assert.Equal(["0", "1", "0", "1"], first.Select(t => t.SweptValues["seed"]));
        // A point is finished only when both seeds are.
        Assert.Empty(BayesSearch.Propose(spec, Rows(first, i => i == 0 ? TrialStatus.Completed : TrialStatus.Training), null));
        Assert.Equal(2, BayesSearch.Propose(spec, Rows(first, i => i < 2 ? TrialStatus.Completed : TrialStatus.Training), null).Count);
    }

    [Theory]
    [InlineData("method: bayes\nrun_cap: 4\ntarget: icon-mc\nmethods: [lorasculpt]\n", "metric", "`method: bayes` needs `metric:`")]
    [InlineData("method: bayes\nrun_cap: 4\nmetric: {name: avg}\ntarget: icon-mc\nmethods: [lora, lorasculpt]\n", "methods", "list one method, not 2")]
    [InlineData("method: bayes\nrun_cap: 4\nmetric: {name: accuracy}\ntarget: icon-mc\nmethods: [lora]\n", "metric.name", "unknown score 'accuracy'")]
    [InlineData("method: bayes\nrun_cap: 4\nmetric: {name: avg, goal: best}\ntarget: icon-mc\nmethods: [lora]\n", "metric.goal", "must be maximize or minimize, got 'best'")]
    [InlineData("method: bayes\nrun_cap: 4\nmetric: {name: avg, names: [source]}\ntarget: icon-mc\nmethods: [lora]\n", "metric", "not both or neither")]
    [InlineData("metric: {name: avg}\ntarget: icon-mc\nmethods: [lora]\n", "metric", "`metric` is what `method: bayes` optimises")]
    [InlineData("max_concurrent: 3\ntarget: icon-mc\nmethods: [lora]\n", "max_concurrent", "`max_concurrent` is for `method: bayes`")]
    public void Bayes_only_keys_and_missing_keys_are_named(string text, string path, string message)
    {
        Assert.Contains(message, At(Errors(text), path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_name_and_several_scores_are_metrics_too()
    {
        Assert.Equal(["icon-mc"], Valid(Bayes.Replace("{name: target, goal: maximize}", "{name: icon-mc, goal: minimize}")).Metric!.Names.ToArray());
        var front = Valid(Bayes.Replace("{name: target, goal: maximize}", "{names: [source, target]}")).Metric!;
        Assert.Equal(["source", "target"], front.Names.ToArray());
        Assert.False(front.Minimize);
    }
}
