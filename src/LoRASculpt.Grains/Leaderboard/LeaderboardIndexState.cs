using LoRASculpt.Contracts.Leaderboard;

namespace LoRASculpt.Grains.Leaderboard;

/// <summary>
/// A board's index: the bucket count fixed at creation, pages per bucket and one summary per partition (~50 bytes
/// each), never the entries themselves.
/// </summary>
[GenerateSerializer]
public sealed class LeaderboardIndexState
{
    [Id(0)] public int Buckets { get; set; }
    /// <summary>Pages per bucket (buckets without entries are absent).</summary>
    [Id(1)] public Dictionary<int, int> Pages { get; set; } = [];
    [Id(2)] public Dictionary<string, PartitionSummary> Summaries { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public long Entries { get; set; }
    [Id(4)] public bool Catalogued { get; set; }
}
