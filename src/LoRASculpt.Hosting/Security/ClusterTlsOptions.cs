namespace LoRASculpt.Hosting.Security;

/// <summary>
/// Mutual TLS between silos and between clients and silos (configuration section "Tls").
/// Off unless <see cref="CertificatePath"/> is set; then every connection must present a certificate
/// that <see cref="CaCertificatePath"/> signed or whose thumbprint is in <see cref="AllowedThumbprints"/>
/// (or, with neither, one the system trusts).
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string SectionName = "Tls";

    /// <summary>This node's certificate: a PKCS#12 (.pfx/.p12) file, or a PEM certificate with <see cref="PrivateKeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 password (a secret: never logged).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>PEM private key for a PEM <see cref="CertificatePath"/>.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>A CA certificate (PEM or DER) that peers' certificates must chain to; for a private or self-signed CA.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>SHA-1 thumbprints (hex) of peer certificates accepted as they are: pinning self-signed certificates.</summary>
    public List<string> AllowedThumbprints { get; set; } = [];

    /// <summary>How long a TLS handshake may take before the connection is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
