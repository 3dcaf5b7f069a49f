namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// Draws batches by walking seeded random permutations of the training set, one per epoch
/// (no sample repeats within an epoch). Its whole state is (epoch, position): the permutation is
/// regenerated from (seed, epoch) with SplitMix64, so a checkpoint restores it exactly.
/// </summary>
public sealed class EpochSampler
{
    private readonly int count;
    private readonly ulong seed;
    private int[] permutation;

    public EpochSampler(int count, int seed, int epoch = 0, int position = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        this.count = count;
        this.seed = (ulong)seed;
        Epoch = epoch;
        Position = position;
        permutation = Permutation(epoch);
    }

    public int Epoch { get; private set; }

    public int Position { get; private set; }

    public int[] Next(int batchSize)
    {
        var batch = new int[batchSize];
        for (var i = 0; i < batchSize; i++)
        {
            if (Position == count)
            {
                Epoch++;
                Position = 0;
                permutation = Permutation(Epoch);
            }
            batch[i] = permutation[Position++];
        }
        return batch;
    }

    private int[] Permutation(int epoch)
    {
        var state = seed * 0x9E3779B97F4A7C15UL ^ ((ulong)epoch + 0x632BE59BD9B4E019UL);
        var result = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)(SplitMix64(ref state) % (ulong)(i + 1));
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
