using LoRASculpt.Core.Suites;

namespace LoRASculpt.Core.Tests.Suites;

public sealed class EvalSubsetTests
{
    private static readonly string[] TenIds = Enumerable.Range(0, 10).Select(i => $"q{i}").ToArray();

    [Fact]
    public void First_takes_the_leading_items()
    {
        Assert.Equal([0, 1, 2], EvalSubset.First(3).SelectIndices(TenIds));
        Assert.Equal(Enumerable.Range(0, 10), EvalSubset.First(50).SelectIndices(TenIds));
    }

    /// <summary>Expected indices from tools/eval_subset_expected.py (Python's hashlib, not this code).</summary>
    [Fact]
    public void A_seeded_sample_ranks_ids_by_sha256_of_seed_and_id()
    {
        Assert.Equal([2, 5, 6, 8], EvalSubset.Sampled(4, 7).SelectIndices(TenIds));
        var twenty = Enumerable.Range(0, 20).Select(i => $"q{i}").ToArray();
        Assert.Equal([2, 5, 8, 10, 13, 14, 18, 19], EvalSubset.Sampled(8, 7).SelectIndices(twenty));
    }

    [Fact]
    public void A_sample_depends_on_the_seed_and_covers_everything_when_large_enough()
    {
        Assert.NotEqual(EvalSubset.Sampled(4, 7).SelectIndices(TenIds), EvalSubset.Sampled(4, 8).SelectIndices(TenIds));
        Assert.Equal(Enumerable.Range(0, 10), EvalSubset.Sampled(10, 7).SelectIndices(TenIds));
    }

    [Fact]
    public void Count_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EvalSubset.First(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvalSubset.Sampled(-1, 0));
    }
}
