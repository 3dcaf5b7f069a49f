namespace LoRASculpt.Core.Scoring;

/// <summary>The items one shard produced, tagged with the shard it claims to be.</summary>
public sealed record ShardPart<TItem>(int ShardIndex, int ShardCount, IReadOnlyList<TItem> Items);

/// <summary>
/// Reassembles shard outputs into the unsharded item list. Items are concatenated in shard-index order,
/// which restores the original dataset order (shards are contiguous ranges), so scoring the merge gives
/// bit-for-bit the unsharded score, floating-point summation order included.
/// </summary>
public static class ShardMerge
{
    /// <param name="parts">Every shard's output, in any order.</param>
    /// <param name="idOf">The item's dataset id; ids must be unique across shards.</param>
    /// <param name="expectedItemCount">When given, each shard must hold exactly its <see cref="ShardAssignment.Range"/>.</param>
    public static IReadOnlyList<TItem> Merge<TItem>(IReadOnlyCollection<ShardPart<TItem>> parts, Func<TItem, string> idOf, int? expectedItemCount = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(idOf);
        if (parts.Count == 0)
            throw new ArgumentException("No shard outputs to merge.", nameof(parts));

        var shardCount = parts.First().ShardCount;
        if (parts.Any(p => p.ShardCount != shardCount))
            throw new ArgumentException($"Shard outputs disagree on the shard count: {string.Join(", ", parts.Select(p => p.ShardCount).Distinct())}.", nameof(parts));

        var byIndex = new ShardPart<TItem>?[shardCount];
        foreach (var part in parts)
        {
            if (part.ShardIndex < 0 || part.ShardIndex >= shardCount)
                throw new ArgumentException($"Shard index {part.ShardIndex} is outside 0..{shardCount - 1}.", nameof(parts));
            if (byIndex[part.ShardIndex] is not null)
                throw new ArgumentException($"Shard {part.ShardIndex} of {shardCount} appears more than once.", nameof(parts));
            byIndex[part.ShardIndex] = part;
        }
        var missing = Enumerable.Range(0, shardCount).Where(i => byIndex[i] is null).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"Missing shards {string.Join(", ", missing)} of {shardCount}.", nameof(parts));

        var merged = new List<TItem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < shardCount; i++)
        {
            var part = byIndex[i]!;
            if (expectedItemCount is { } total && part.Items.Count != ShardAssignment.Range(total, i, shardCount).Count)
                throw new ArgumentException($"Shard {i} of {shardCount} holds {part.Items.Count} items; its range of {total} items has {ShardAssignment.Range(total, i, shardCount).Count}.", nameof(parts));
            foreach (var item in part.Items)
            {
                var id = idOf(item);
                if (!ids.Add(id))
                    throw new ArgumentException($"Item id '{id}' appears more than once (seen again in shard {i}).", nameof(parts));
                merged.Add(item);
            }
        }
        return merged;
    }
}
