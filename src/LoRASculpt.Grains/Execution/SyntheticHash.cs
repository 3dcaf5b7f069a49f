using System.Security.Cryptography;
using System.Text;

namespace LoRASculpt.Grains.Execution;

/// <summary>Deterministic pseudo-random numbers in [0, 1) from strings (stable across runs and machines).</summary>
internal static class SyntheticHash
{
    public static double Unit(params string[] parts)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)), hash);
        return (BitConverter.ToUInt64(hash) >> 11) * (1.0 / (1UL << 53));
    }
}
