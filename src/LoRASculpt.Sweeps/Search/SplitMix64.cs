namespace LoRASculpt.Sweeps.Search;

/// <summary>
/// A tiny generator with a published, platform-independent sequence (Steele, Lea and Flood's SplitMix64), so a
/// search seed draws the same points on every machine and .NET version, which <see cref="Random"/> does not promise.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box-Muller, one value per call).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble(); // (0, 1]: the logarithm stays finite
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A seed for an independent stream, from a seed and the labels of what it draws (stable FNV-1a over the text).</summary>
    public static ulong Derive(long seed, params object[] labels)
    {
        var hash = 14695981039346656037UL ^ (ulong)seed;
        foreach (var c in string.Join("\u001f", labels.Select(l => Convert.ToString(l, System.Globalization.CultureInfo.InvariantCulture))))
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new SplitMix64(hash).Next();
    }
}
