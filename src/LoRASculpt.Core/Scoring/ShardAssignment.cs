namespace LoRASculpt.Core.Scoring;

/// <summary>A contiguous half-open range [Start, End) of dataset items.</summary>
public readonly record struct ShardRange(int Start, int End)
{
    public int Count => End - Start;
}

/// <summary>
/// Splits a dataset into contiguous shards whose sizes differ by at most one, so shard i of n always covers
/// the same items on every worker, and shards 0..n-1 in order cover every item exactly once.
/// </summary>
public static class ShardAssignment
{
    public static ShardRange Range(int itemCount, int shardIndex, int shardCount)
    {
        if (itemCount < 0)
            throw new ArgumentOutOfRangeException(nameof(itemCount), itemCount, "Item count must be zero or more.");
        if (shardCount < 1)
            throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, "Shard count must be at least 1.");
        if (shardIndex < 0 || shardIndex >= shardCount)
            throw new ArgumentOutOfRangeException(nameof(shardIndex), shardIndex, $"Shard index must be in 0..{shardCount - 1} for {shardCount} shards.");

        // floor(i * N / n) in 64-bit so large counts cannot overflow; consecutive bounds tile [0, N).
        var start = (int)((long)shardIndex * itemCount / shardCount);
        var end = (int)((long)(shardIndex + 1) * itemCount / shardCount);
        return new ShardRange(start, end);
    }
}
