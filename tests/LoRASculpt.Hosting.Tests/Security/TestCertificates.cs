using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LoRASculpt.Hosting.Tests.Security;

/// <summary>A throwaway CA (ECDSA P-256: key generation is instant, unlike RSA) and leaf certificates (server + client auth) written as files the way an operator would.</summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Password = "test-pfx-password";

    private readonly string _dir = Directory.CreateTempSubdirectory("lorasculpt-certs-").FullName;

    public X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A node certificate signed by <paramref name="ca"/>, or self-signed when it is null.</summary>
    public X509Certificate2 CreateNode(string name, X509Certificate2? ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(10);
        if (ca is null)
            return request.CreateSelfSigned(notBefore, notAfter);
        var serial = RandomNumberGenerator.GetBytes(16);
        using var signed = request.Create(ca, notBefore, notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    public string WritePfx(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(_dir, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    public string WritePublicPem(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(_dir, name + ".crt");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
