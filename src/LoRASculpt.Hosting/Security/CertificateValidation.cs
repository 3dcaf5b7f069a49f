using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LoRASculpt.Hosting.Security;

/// <summary>
/// Decides whether a peer's certificate belongs to this cluster: pinned by thumbprint, or chained to
/// the configured CA, or (with neither) trusted by the system. The host name is not checked: Orleans
/// connects to silos by IP address, so membership of the cluster is what the certificate proves.
/// </summary>
public sealed class CertificateValidation
{
    private readonly X509Certificate2? _ca;
    private readonly HashSet<string> _thumbprints;

    public CertificateValidation(X509Certificate2? ca, IEnumerable<string> allowedThumbprints)
    {
        _ca = ca;
        _thumbprints = new HashSet<string>(allowedThumbprints.Select(Normalize), StringComparer.Ordinal);
    }

    public bool Validate(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_thumbprints.Contains(Normalize(certificate.Thumbprint)))
            return true;
        if (_ca is not null)
            return ChainsToCa(certificate, chain);
        return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
    }

    private bool ChainsToCa(X509Certificate2 certificate, X509Chain? presented)
    {
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_ca!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the peer sent along are usable to build the path, never as trust anchors.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return custom.Build(certificate);
    }

    public static bool IsThumbprint(string value) =>
        Normalize(value) is { Length: 40 } normalized && normalized.All(Uri.IsHexDigit);

    private static string Normalize(string thumbprint) =>
        thumbprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
