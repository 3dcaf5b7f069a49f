using System.Security.Cryptography;
using System.Text;

namespace LoRASculpt.Hosting.Http;

/// <summary>Compares a presented API key with the configured one in constant time (hashes first, so lengths leak nothing either).</summary>
public sealed class ApiKeyCheck(string? expected)
{
    public const string Header = "X-Api-Key";

    private readonly byte[]? _expectedHash = expected is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(expected));

    public bool Required => _expectedHash is not null;

    public bool Accepts(string? presented)
    {
        if (_expectedHash is null)
            return true;
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        return CryptographicOperations.FixedTimeEquals(presentedHash, _expectedHash) && presented is not null;
    }
}
