using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Core.Tests.Scoring;

public sealed class ShardAssignmentShardTests
{
    [Fact]
    public void Ranges_tile_the_items_with_sizes_differing_by_at_most_one()
    {
        foreach (var count in new[] { 0, 1, 2, 3, 7, 10, 64, 97, 1000, 2001 })
        {
            for (var shards = 1; shards <= 17; shards++)
            {
                var next = 0;
                var sizes = new List<int>();
                for (var i = 0; i < shards; i++)
                {
                    var range = ShardAssignment.Range(count, i, shards);
                    Assert.Equal(next, range.Start);
                    Assert.True(range.End >= range.Start);
                    next = range.End;
                    sizes.Add(range.Count);
                }
                Assert.Equal(count, next);
                Assert.True(sizes.Max() - sizes.Min() <= 1, $"{count} items in {shards} shards: sizes {string.Join(",", sizes)}");
            }
        }
    }

    [Fact]
    public void Ranges_are_exact_for_a_known_split()
    {
        // floor(i * 10 / 4) = 0, 2, 5, 7, 10.
        Assert.Equal(new ShardRange(0, 2), ShardAssignment.Range(10, 0, 4));
        Assert.Equal(new ShardRange(2, 5), ShardAssignment.Range(10, 1, 4));
        Assert.Equal(new ShardRange(5, 7), ShardAssignment.Range(10, 2, 4));
        Assert.Equal(new ShardRange(7, 10), ShardAssignment.Range(10, 3, 4));
        Assert.Equal(new ShardRange(2_000_000_000, 2_100_000_000), ShardAssignment.Range(2_100_000_000, 20, 21));
    }

    [Theory]
    [InlineData(-1, 0, 1, "itemCount")]
    [InlineData(10, 0, 0, "shardCount")]
    [InlineData(10, -1, 2, "shardIndex")]
    [InlineData(10, 2, 2, "shardIndex")]
    public void Invalid_arguments_are_named(int count, int index, int shards, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ShardAssignment.Range(count, index, shards));
        Assert.Equal(parameter, error.ParamName);
    }

    private sealed record Item(string Id, string Prediction, IReadOnlyList<string> References);

    private static List<Item> Captions(int count)
    {
        var random = new Random(7);
        string[] words = ["red", "blue", "green", "box", "ball", "cone", "on", "left", "of", "big", "small", "a", "the"];
        string Sentence() => string.Join(' ', Enumerable.Range(0, random.Next(2, 8)).Select(_ => words[random.Next(words.Length)]));
        return Enumerable.Range(0, count).Select(i => new Item($"img{i:D3}", Sentence(), [Sentence(), Sentence(), Sentence()])).ToList();
    }

    private static List<ShardPart<Item>> Split(List<Item> items, int shards) =>
        Enumerable.Range(0, shards)
            .Select(i => ShardAssignment.Range(items.Count, i, shards))
            .Select((r, i) => new ShardPart<Item>(i, shards, items.GetRange(r.Start, r.Count)))
            .Reverse() // arrival order is arbitrary
            .ToList();

    private static double Score(MetricKind metric, IReadOnlyList<Item> items) =>
        TaskScorer.Score(metric, items.Select(i => (i.Id, i.Prediction, i.References)).ToArray());

    [Fact]
    public void Merged_shards_score_exactly_like_the_unsharded_set_for_every_metric()
    {
        var items = Captions(41);
        foreach (var metric in Enum.GetValues<MetricKind>())
        {
            var whole = Score(metric, items);
            for (var shards = 1; shards <= 9; shards++)
            {
                var merged = ShardMerge.Merge(Split(items, shards), i => i.Id, items.Count);
                Assert.Equal(items, merged);
                Assert.Equal(whole, Score(metric, merged)); // bitwise: no tolerance
            }
        }
        // CIDEr-D is corpus-level: scoring shards separately and averaging does not give the same number.
        var perShard = Split(items, 3).Average(p => Score(MetricKind.CiderD, p.Items));
        Assert.NotEqual(Score(MetricKind.CiderD, items), perShard, 6);
    }

    [Fact]
    public void Merge_rejects_missing_duplicate_and_inconsistent_shards()
    {
        var items = Captions(10);
        var parts = Split(items, 3);

        var missing = Assert.Throws<ArgumentException>(() => ShardMerge.Merge(parts.Where(p => p.ShardIndex != 1).ToList(), i => i.Id));
        Assert.Contains("Missing shards 1 of 3", missing.Message);

        var twice = Assert.Throws<ArgumentException>(() => ShardMerge.Merge(parts.Append(parts[0]).ToList(), i => i.Id));
        Assert.Contains("more than once", twice.Message);

        var mixed = parts.Take(2).Append(new ShardPart<Item>(0, 4, [])).ToList();
        Assert.Contains("disagree", Assert.Throws<ArgumentException>(() => ShardMerge.Merge(mixed, i => i.Id)).Message);

        var outside = parts.Append(new ShardPart<Item>(3, 3, [])).ToList();
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => ShardMerge.Merge(outside, i => i.Id)).Message);

        var duplicateId = parts.Select(p => p.ShardIndex == 2 ? p with { Items = [.. p.Items, items[0]] } : p).ToList();
        Assert.Contains("'img000'", Assert.Throws<ArgumentException>(() => ShardMerge.Merge(duplicateId, i => i.Id)).Message);

        var shortShard = parts.Select(p => p.ShardIndex == 0 ? p with { Items = p.Items.Skip(1).ToArray() } : p).ToList();
        Assert.Contains("holds 2 items", Assert.Throws<ArgumentException>(() => ShardMerge.Merge(shortShard, i => i.Id, items.Count)).Message);

        Assert.Throws<ArgumentException>(() => ShardMerge.Merge(new List<ShardPart<Item>>(), i => i.Id));
    }
}
