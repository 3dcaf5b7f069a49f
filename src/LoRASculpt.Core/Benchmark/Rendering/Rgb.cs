namespace LoRASculpt.Core.Benchmark.Rendering;

public readonly record struct Rgb(float R, float G, float B)
{
    /// <summary>The colour shifted by a small random amount per channel, clamped to [0, 1].</summary>
    public Rgb Jitter(Random random, float amount) => new(
        Clamp(R + (float)((random.NextDouble() * 2 - 1) * amount)),
        Clamp(G + (float)((random.NextDouble() * 2 - 1) * amount)),
        Clamp(B + (float)((random.NextDouble() * 2 - 1) * amount)));

    private static float Clamp(float v) => Math.Clamp(v, 0f, 1f);
}
