using LoRASculpt.Contracts.Leaderboard;

namespace LoRASculpt.Grains.Leaderboard;

/// <summary>A partition's entries; at most the configured capacity, so the stored record stays bounded.</summary>
[GenerateSerializer]
public sealed class LeaderboardPartitionState
{
    [Id(0)] public Dictionary<string, LeaderboardEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
