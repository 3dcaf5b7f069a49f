using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.TestSupport.Leaderboard;

/// <summary>Seeded random entries with coarse scores (one decimal), so ties in the ranking are common.</summary>
public static class RandomEntries
{
    public static readonly string[] Methods = ["lora", "lorasculpt", "dora"];
    public static readonly string[] Sweeps = ["sw-a", "sw-b", "sw-c"];
    public static readonly string[] Alphas = ["0.1", "0.5", "1"];

    public static List<LeaderboardEntry> Create(int count, int seed, string model = "tiny-llava", string task = "icon-mc", string suite = "bench-v1")
    {
        var random = new Random(seed);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var entries = new List<LeaderboardEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var hyper = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["alpha"] = Alphas[random.Next(Alphas.Length)],
                ["seed"] = random.Next(4).ToString(CultureInfo.InvariantCulture),
            });
            var config = new TrialConfig(model, task, ["shape-vqa", "text-ocr"], Methods[random.Next(Methods.Length)], hyper, "synthetic");
            var sweeps = Sweeps.Where(_ => random.NextDouble() < 0.4).DefaultIfEmpty(Sweeps[0]).ToImmutableArray();
            var created = start.AddMinutes(i);
            entries.Add(new LeaderboardEntry($"t{i:D5}-{random.Next(1000):D3}", config, sweeps, $"adapters/t{i}/a1/adapter.safetensors",
                created, created, [Score(random, suite, created, "trial")]));
        }
        return entries;
    }

    public static LeaderboardScore Score(Random random, string suite, DateTime at, string origin)
    {
        var source = Math.Round(random.NextDouble() * 100, 1);
        var target = Math.Round(random.NextDouble() * 100, 1);
        return new LeaderboardScore(suite, [new TaskScore("icon-mc", "ExactMatch", target, true, 24)], source, target, (source + target) / 2, at, origin);
    }
}
