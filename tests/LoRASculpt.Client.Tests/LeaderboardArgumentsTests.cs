using System.Collections.Immutable;
using System.Text.Json;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Client.Tests;

public sealed class LeaderboardArgumentsTests
{
    [Theory]
    [InlineData(null, ResultMetric.Avg)]
    [InlineData(" Source ", ResultMetric.Source)]
    [InlineData("target", ResultMetric.Target)]
    public void Metrics_parse_in_any_case(string? text, ResultMetric expected) => Assert.Equal(expected, LeaderboardArguments.Metric(text));

    [Fact]
    public void An_unknown_metric_is_named()
    {
        Assert.Equal("Metric 'loss' is not avg, source or target.", Assert.Throws<FormatException>(() => LeaderboardArguments.Metric("loss")).Message);
    }

    [Fact]
    public void Filters_split_methods_and_read_name_value_pairs()
    {
        var filter = LeaderboardArguments.Filter(["lora, lorasculpt", "dora"], " ", ["alpha = 10", "rank=8"], "bench-v5", null);
        Assert.Equal(["lora", "lorasculpt", "dora"], filter.Methods.ToArray());
        Assert.Null(filter.SweepId);
        Assert.Equal("10", filter.Hyperparameters["alpha"]);
        Assert.Equal("8", filter.Hyperparameters["rank"]);
        Assert.Equal("bench-v5", filter.SuiteVersion);
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("=10")]
    [InlineData("alpha=")]
    public void A_malformed_hyperparameter_filter_is_named(string pair)
    {
        var error = Assert.Throws<FormatException>(() => LeaderboardArguments.Filter(null, null, [pair], null, null));
        Assert.Equal($"Hyperparameter filter '{pair}' is not NAME=VALUE.", error.Message);
    }

    [Fact]
    public void The_json_view_is_snake_case_with_the_current_scores()
    {
        var entry = new LeaderboardEntry("t-1",
            new TrialConfig("tiny-llava", "icon-mc", ["shape-vqa"], "lora", ImmutableSortedDictionary<string, string>.Empty.Add("seed", "2"), "torch"),
            ["s-1"], "adapters/t-1", DateTime.UnixEpoch, DateTime.UnixEpoch,
            [new LeaderboardScore("bench-v5", [], 40, 60, 50, DateTime.UnixEpoch, "trial")]);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(LeaderboardJson.View(entry), LeaderboardJson.Options));
        var root = json.RootElement;
        Assert.Equal("t-1", root.GetProperty("entry_id").GetString());
        Assert.Equal("2", root.GetProperty("seed").GetString());
        Assert.Equal("torch", root.GetProperty("trial_kind").GetString());
        Assert.Equal(50, root.GetProperty("avg").GetDouble());
        Assert.Equal("bench-v5", root.GetProperty("suite_version").GetString());
    }
}
