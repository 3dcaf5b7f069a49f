using static LoRASculpt.Sweeps.Tests.SweepFiles;

namespace LoRASculpt.Sweeps.Tests.Search;

public sealed class RandomSweepFileErrorTests
{
    private const string Head = "method: random\nrun_cap: 4\ntarget: icon-mc\nmethods: [lora, lorasculpt]\nparameters:\n";

    [Theory]
    [InlineData("  lr: {distribution: log_uniform, min: -9, max: -4}\n", "parameters.lr.distribution", "takes the bounds as natural logarithms; write the values themselves with `log_uniform_values`")]
    [InlineData("  lr: {distribution: unifrom, min: 0.001, max: 0.01}\n", "parameters.lr.distribution", "unknown distribution 'unifrom'. Did you mean")]
    [InlineData("  lr: {distribution: uniform, min: 0.01, max: 0.001}\n", "parameters.lr", "`min` must be less than `max`, got min 0.01 and max 0.001")]
    [InlineData("  lr: {distribution: log_uniform_values, min: 0, max: 0.01}\n", "parameters.lr.min", "draws between logarithms: `min` must be greater than 0, got 0")]
    [InlineData("  lr: {distribution: uniform, min: 0.001, max: 0.01, mu: 3}\n", "parameters.lr.mu", "`mu` does not apply to uniform, which takes `min`, `max`")]
    [InlineData("  lr: {distribution: int_uniform, min: 1, max: 3}\n", "parameters.lr.distribution", "lr is not a whole number: use `uniform` or `log_uniform_values`")]
    [InlineData("  rank: {distribution: uniform, min: 4, max: 16.5}\n", "parameters.rank.distribution", "rank is a whole number: use `int_uniform`")]
    [InlineData("  rank: {distribution: q_uniform, min: 4, max: 16, q: 2.5}\n", "parameters.rank.q", "rank is a whole number: `q` must be a whole number of at least 1, got 2.5")]
    [InlineData("  density: {distribution: uniform, min: 0.1, max: 2}\n", "parameters.density.max", "density")]
    [InlineData("  method_x: {distribution: uniform, min: 0.1, max: 2}\n", "parameters.method_x", "unknown parameter 'method_x'")]
    [InlineData("  alpha: {values: [0, 0.001], probabilities: [0.5]}\n", "parameters.alpha.probabilities", "must be a list of 2 probabilities, one per value")]
    [InlineData("  alpha: {values: [0, 0.001], probabilities: [0.5, 0.6]}\n", "parameters.alpha.probabilities", "must add up to 1, they add up to 1.1")]
    [InlineData("  target_modules: {distribution: uniform, min: 0, max: 1}\n", "parameters.target_modules.distribution", "takes names, not numbers")]
    [InlineData("  lr: {min: 0.001}\n", "parameters.lr.distribution", "say which distribution to draw from")]
    [InlineData("  lr: {distribution: normal, mu: 0.001, sigma: 0}\n", "parameters.lr.sigma", "must be greater than 0, got 0")]
    [InlineData("  lr: {distribution: beta, min: 0.001, max: 0.01}\n", "parameters.lr.distribution", "`beta` is not supported; use `uniform` between `min` and `max`")]
    public void A_bad_distribution_is_named(string parameter, string path, string message)
    {
        Assert.Contains(message, At(Errors(Head + parameter), path).Message, StringComparison.Ordinal);
    }

    /// <summary>W&amp;B's whole list of distributions: each we do not draw from gets what to write instead, never "unknown".</summary>
    [Theory]
    [InlineData("constant")]
    [InlineData("log_uniform")]
    [InlineData("q_log_uniform")]
    [InlineData("inv_log_uniform")]
    [InlineData("inv_log_uniform_values")]
    [InlineData("q_normal")]
    [InlineData("log_normal")]
    [InlineData("q_log_normal")]
    [InlineData("beta")]
    [InlineData("q_beta")]
    public void Every_wandb_distribution_we_do_not_draw_from_says_what_to_write_instead(string distribution)
    {
        var message = At(Errors(Head + $"  lr: {{distribution: {distribution}, min: 0.001, max: 0.01}}\n"), "parameters.lr.distribution").Message;
        Assert.DoesNotContain("unknown distribution", message, StringComparison.Ordinal);
        Assert.Matches("use `|write ", message);
    }

    [Fact]
    public void Wandbs_metric_target_says_what_to_write_instead()
    {
        var text = "method: bayes\nrun_cap: 4\nmetric: {name: avg, goal: maximize, target: 60}\ntarget: icon-mc\nmethods: [lora]\n";
        Assert.Contains("bound the search with `run_cap`", At(Errors(text), "metric.target").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("method: random\ntarget: icon-mc\nmethods: [lora]\n", "run_cap", "`method: random` needs `run_cap:`")]
    [InlineData("method: grid\nrun_cap: 4\ntarget: icon-mc\nmethods: [lora]\n", "run_cap", "`run_cap` is for `method: random`")]
    [InlineData("search_seed: 4\ntarget: icon-mc\nmethods: [lora]\n", "search_seed", "`search_seed` is for `method: random`")]
    [InlineData("method: random\nrun_cap: 0\ntarget: icon-mc\nmethods: [lora]\n", "run_cap", "must be between 1 and 10000, got 0")]
    [InlineData("target: icon-mc\nmethods: [lora]\nparameters:\n  lr: {distribution: uniform, min: 0.001, max: 0.01}\n", "parameters.lr.distribution", "only with `method: random`")]
    [InlineData("method: bayes\nmetric: {name: avg}\ntarget: icon-mc\nmethods: [lora]\n", "run_cap", "`method: bayes` needs `run_cap:`")]
    [InlineData("method: random\nrun_cap: 2\ntarget: icon-mc\nmethods: [lora]\npoints:\n  - {lr: 0.001}\n", "points", "with `method: random` the points are drawn")]
    public void Random_only_keys_and_missing_keys_are_named(string text, string path, string message)
    {
        Assert.Contains(message, At(Errors(text), path).Message, StringComparison.Ordinal);
    }
}
