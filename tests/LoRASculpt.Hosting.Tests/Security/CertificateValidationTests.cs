using System.Net.Security;
using LoRASculpt.Hosting.Security;

namespace LoRASculpt.Hosting.Tests.Security;

public sealed class CertificateValidationTests : IDisposable
{
    private readonly TestCertificates _certs = new();

    [Fact]
    public void A_certificate_signed_by_the_configured_ca_is_accepted_and_a_foreign_one_is_not()
    {
        using var ca = _certs.CreateCa("cluster-ca");
        using var otherCa = _certs.CreateCa("other-ca");
        using var member = _certs.CreateNode("silo", ca);
        using var stranger = _certs.CreateNode("intruder", otherCa);
        using var selfSigned = _certs.CreateNode("self", null);
        var validation = new CertificateValidation(ca, []);

        // The platform reports chain errors for a private CA; the CA check decides.
        Assert.True(validation.Validate(member, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validation.Validate(stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validation.Validate(selfSigned, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validation.Validate(stranger, null, SslPolicyErrors.None));
    }

    [Fact]
    public void A_pinned_thumbprint_is_accepted_in_any_spelling_and_others_are_not()
    {
        using var pinned = _certs.CreateNode("pinned", null);
        using var other = _certs.CreateNode("other", null);
        var spelled = string.Join(':', pinned.Thumbprint.ToLowerInvariant().Chunk(2).Select(c => new string(c)));
        var validation = new CertificateValidation(null, [spelled]);

        Assert.True(validation.Validate(pinned, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validation.Validate(other, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Without_ca_or_pins_only_the_system_verdict_counts_and_host_names_are_not_checked()
    {
        using var certificate = _certs.CreateNode("node", null);
        var validation = new CertificateValidation(null, []);

        Assert.True(validation.Validate(certificate, null, SslPolicyErrors.None));
        Assert.True(validation.Validate(certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(validation.Validate(certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validation.Validate(certificate, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void Tls_options_report_missing_files_and_bad_thumbprints_by_key()
    {
        var options = new ClusterTlsOptions
        {
            CertificatePath = "/nonexistent/node.pfx",
            CertificatePassword = "hunter2",
            CaCertificatePath = "/nonexistent/ca.crt",
            AllowedThumbprints = ["ABC"],
        };

        var result = new ClusterTlsOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Tls:CertificatePath: file '/nonexistent/node.pfx' does not exist.",
                "Tls:CaCertificatePath: file '/nonexistent/ca.crt' does not exist.",
                "Tls:AllowedThumbprints:0 is not a SHA-1 thumbprint (40 hexadecimal digits).",
            ],
            result.Failures);
        Assert.DoesNotContain("hunter2", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_pfx_password_names_the_keys_and_not_the_password()
    {
        using var node = _certs.CreateNode("node", null);
        var path = _certs.WritePfx(node, "node");

        var error = Assert.Throws<InvalidOperationException>(() =>
            ClusterCertificates.LoadLocal(new ClusterTlsOptions { CertificatePath = path, CertificatePassword = "wrong-password-123" }));

        Assert.Equal($"Tls:CertificatePath '{path}' could not be loaded: check the file and Tls:CertificatePassword.", error.Message);
        Assert.DoesNotContain("wrong-password-123", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _certs.Dispose();
}
