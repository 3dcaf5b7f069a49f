using System.ComponentModel.DataAnnotations;

namespace LoRASculpt.Grains.Leaderboard;

/// <summary>
/// Shape of the leaderboard's grains. <see cref="Buckets"/> is fixed per board when the board is created (it decides
/// where an entry id lives); changing it later affects only new boards.
/// </summary>
public sealed class LeaderboardOptions
{
    public const string Section = "Leaderboard";

    /// <summary>Hash buckets per board: 100,000 entries over 512 buckets is ~200 per partition.</summary>
    [Range(1, 65536)]
    public int Buckets { get; set; } = 512;

    /// <summary>
    /// Entries per partition grain before a bucket opens another page. A compact entry is ~1 KB serialised, so 256
    /// keeps a partition's state far below Azure Table's 1 MB entity limit.
    /// </summary>
    [Range(1, 100_000)]
    public int PartitionCapacity { get; set; } = 256;

    /// <summary>Scorings kept per entry (one per suite version; the oldest are dropped beyond this).</summary>
    [Range(1, 1000)]
    public int HistoryLimit { get; set; } = 32;

    /// <summary>Partitions a query reads concurrently per wave.</summary>
    [Range(1, 256)]
    public int ReadParallelism { get; set; } = 8;
}
