using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace LoRASculpt.Hosting.Http;

/// <summary>Compares a presented API key with the configured one in constant time (hashes first, so lengths leak nothing either).</summary>
public sealed class ApiKeyCheck(string? expected)
{
    public const string Header = "X-Api-Key";

    /// <summary>What a 401 from a browser-facing path (the dashboard) answers, so the browser asks for the key.</summary>
    public const string BasicChallenge = "Basic realm=\"LoRASculpt\", charset=\"UTF-8\"";

    private readonly byte[]? _expectedHash = expected is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(expected));

    public bool Required => _expectedHash is not null;

    public bool Accepts(string? presented)
    {
        if (_expectedHash is null)
            return true;
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        return CryptographicOperations.FixedTimeEquals(presentedHash, _expectedHash) && presented is not null;
    }

    /// <summary>
    /// The key from header <see cref="Header"/>, or else the password of an HTTP Basic <paramref name="authorization"/>
    /// header (any user name): browsers cannot add custom headers to the dashboard's own requests, but they do
    /// repeat Basic credentials once asked for them.
    /// </summary>
    public bool Accepts(string? apiKeyHeader, string? authorization) =>
        apiKeyHeader is not null ? Accepts(apiKeyHeader) : Accepts(BasicPassword(authorization));

    private static string? BasicPassword(string? authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) ||
            !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return null;
        var bytes = new byte[header.Parameter.Length];
        if (!Convert.TryFromBase64String(header.Parameter, bytes, out var length))
            return null;
        var credentials = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = credentials.IndexOf(':');
        return colon < 0 ? null : credentials[(colon + 1)..];
    }
}
