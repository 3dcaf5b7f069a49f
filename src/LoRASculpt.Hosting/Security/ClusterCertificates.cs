using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LoRASculpt.Hosting.Security;

/// <summary>Loads the configured certificates; failures name the key, never the password.</summary>
public static class ClusterCertificates
{
    public static X509Certificate2 LoadLocal(ClusterTlsOptions options)
    {
        var path = options.CertificatePath ?? throw new InvalidOperationException($"{ClusterTlsOptions.SectionName}:CertificatePath is not set.");
        try
        {
            var certificate = options.PrivateKeyPath is { Length: > 0 } keyPath
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException($"{ClusterTlsOptions.SectionName}:CertificatePath '{path}' has no private key.");
            return certificate;
        }
        catch (CryptographicException)
        {
            // The platform message may mention the password being wrong; say which key to check instead.
            throw new InvalidOperationException(
                $"{ClusterTlsOptions.SectionName}:CertificatePath '{path}' could not be loaded: check the file and {ClusterTlsOptions.SectionName}:CertificatePassword.");
        }
    }

    public static X509Certificate2? LoadCa(ClusterTlsOptions options)
    {
        if (options.CaCertificatePath is not { Length: > 0 } path)
            return null;
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException($"{ClusterTlsOptions.SectionName}:CaCertificatePath '{path}' is not a PEM or DER certificate.");
        }
    }
}
