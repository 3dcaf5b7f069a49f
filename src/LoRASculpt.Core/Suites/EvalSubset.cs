using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LoRASculpt.Core.Suites;

/// <summary>
/// A deterministic evaluation subset: the first <see cref="Count"/> items, or (with a <see cref="Seed"/>) a
/// seeded sample of <see cref="Count"/> items.
/// <para>
/// The sample ranks items by SHA-256 of "{seed}:{item id}" and keeps the lowest ranks, rather than shuffling with
/// <see cref="Random"/>: the result is the same on every platform and .NET version, and an item's membership
/// depends only on its own id, so appending questions to a file does not reshuffle the rest of the sample.
/// Selected items keep their file order either way.
/// </para>
/// </summary>
public sealed record EvalSubset
{
    private EvalSubset(int count, int? seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        Seed = seed;
    }

    public int Count { get; }

    /// <summary>Null for "first N".</summary>
    public int? Seed { get; }

    public static EvalSubset First(int count) => new(count, null);

    public static EvalSubset Sampled(int count, int seed) => new(count, seed);

    /// <summary>Indices into <paramref name="ids"/> of the selected items, ascending.</summary>
    public IReadOnlyList<int> SelectIndices(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (Count >= ids.Count)
            return Enumerable.Range(0, ids.Count).ToArray();
        if (Seed is not { } seed)
            return Enumerable.Range(0, Count).ToArray();
        return Enumerable.Range(0, ids.Count)
            .OrderBy(i => Rank(seed, ids[i]))
            .ThenBy(i => i)
            .Take(Count)
            .Order()
            .ToArray();
    }

    /// <summary>"first 2000" or "sample 2000 seed 0": the form the suite's content hash records.</summary>
    public override string ToString() => Seed is { } seed ? $"sample {Count} seed {seed}" : $"first {Count}";

    private static ulong Rank(int seed, string id)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{id}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
