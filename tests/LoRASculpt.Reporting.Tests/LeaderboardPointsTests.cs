using System.Collections.Immutable;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Reporting.Tests;

public sealed class LeaderboardPointsTests
{
    private static LeaderboardEntry Entry(string id, string method, double avg, params (string, string)[] hyper) => new(
        id,
        new TrialConfig("tiny-llava", "icon-mc", ["shape-vqa"], method, hyper.ToImmutableSortedDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal), "torch"),
        ["s-1"], "adapters/" + id, DateTime.UnixEpoch, DateTime.UnixEpoch,
        [new LeaderboardScore("bench-v5", [], avg, avg, avg, DateTime.UnixEpoch, "trial")]);

    [Fact]
    public void Entries_that_differ_only_in_their_seed_are_one_point_ranked_by_the_mean()
    {
        LeaderboardEntry[] entries =
        [
            Entry("a0", "lorasculpt", 50, ("alpha", "10")),
            Entry("a1", "lorasculpt", 54, ("alpha", "10"), ("seed", "1")),
            Entry("b0", "lorasculpt", 53, ("alpha", "1")),
            Entry("c0", "lora", 60),
            Entry("c1", "lora", 40, ("seed", "1")),
        ];

        var points = LeaderboardPoints.Rank(entries, ResultMetric.Avg);

        Assert.Equal(["alpha=1", "alpha=10", ""], points.Select(p => p.Settings));
        Assert.Equal(new Core.Scoring.ReplicateStatistics(52, Math.Sqrt(8), 2), points[1].Score);
        Assert.Equal(["a0", "a1"], points[1].Entries.Select(e => e.EntryId));
        Assert.Equal(new Core.Scoring.ReplicateStatistics(50, Math.Sqrt(200), 2), points[2].Score);
        Assert.Equal("bench-v5", points[0].SuiteVersions);
    }
}
