using Microsoft.Extensions.Options;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace LoRASculpt.Hosting.Security;

/// <summary>
/// Turns on mutual TLS for silo-to-silo and client-to-silo connections. Certificates are loaded
/// when the host is built (Orleans' TLS middleware needs them then), so bad settings fail fast.
/// </summary>
public static class ClusterTlsExtensions
{
    public static ISiloBuilder UseLoRASculptTls(this ISiloBuilder silo, ClusterTlsOptions options)
    {
        if (!options.Enabled)
            return silo;
        var (certificate, validation) = Prepare(options);
        return silo.UseTls(certificate, tls =>
        {
            Configure(tls, options, validation);
            // Gateway connections from clients must present a certificate too, not only silos.
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        });
    }

    public static IClientBuilder UseLoRASculptTls(this IClientBuilder client, ClusterTlsOptions options)
    {
        if (!options.Enabled)
            return client;
        var (certificate, validation) = Prepare(options);
        return client.UseTls(certificate, tls => Configure(tls, options, validation));
    }

    private static (System.Security.Cryptography.X509Certificates.X509Certificate2, CertificateValidation) Prepare(ClusterTlsOptions options)
    {
        var result = new ClusterTlsOptionsValidator().Validate(null, options);
        if (result.Failed)
            throw new OptionsValidationException(ClusterTlsOptions.SectionName, typeof(ClusterTlsOptions), result.Failures);
        var certificate = ClusterCertificates.LoadLocal(options);
        var validation = new CertificateValidation(ClusterCertificates.LoadCa(options), options.AllowedThumbprints);
        return (certificate, validation);
    }

    private static void Configure(TlsOptions tls, ClusterTlsOptions options, CertificateValidation validation)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = validation.Validate;
        tls.HandshakeTimeout = options.HandshakeTimeout;
    }
}
