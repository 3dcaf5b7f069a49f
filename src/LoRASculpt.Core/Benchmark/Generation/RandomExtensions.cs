namespace LoRASculpt.Core.Benchmark.Generation;

internal static class RandomExtensions
{
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>k distinct indices from 0..n-1 in random order.</summary>
    public static int[] Distinct(this Random random, int n, int k)
    {
        var all = Enumerable.Range(0, n).ToArray();
        random.Shuffle(all);
        return all[..k];
    }
}
