using LoRASculpt.Hosting;
using LoRASculpt.Hosting.Security;
using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Hosting.Tests.Security;

[Collection(AzuriteFixture.Collection)]
public sealed class TlsConnectionTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(10);

    private readonly TestCertificates _certs = new();

    [Fact]
    public async Task With_tls_on_only_a_client_holding_a_certificate_from_the_cluster_ca_connects()
    {
        using var ca = _certs.CreateCa("cluster-ca");
        using var otherCa = _certs.CreateCa("other-ca");
        using var siloCert = _certs.CreateNode("silo", ca);
        using var goodClientCert = _certs.CreateNode("cli", ca);
        using var foreignClientCert = _certs.CreateNode("intruder", otherCa);
        var caPath = _certs.WritePublicPem(ca, "ca");

        var serviceId = "tls-" + Guid.NewGuid().ToString("N")[..12];
        var settings = InProcessCluster.SiloSettings(azurite, serviceId);
        settings["Tls:CertificatePath"] = _certs.WritePfx(siloCert, "silo");
        settings["Tls:CertificatePassword"] = TestCertificates.Password;
        settings["Tls:CaCertificatePath"] = caPath;
        var silo = await InProcessCluster.StartSilo(settings);
        try
        {
            ClusterClientOptions Client(ClusterTlsOptions tls) => new()
            {
                ServiceId = serviceId,
                ClusterId = "test",
                StorageConnectionString = azurite.ConnectionString,
                Tls = tls,
            };

            // Control: the right certificate connects and calls a grain, so the failures below are TLS refusals.
            var good = await InProcessCluster.StartClient(Client(new ClusterTlsOptions
            {
                CertificatePath = _certs.WritePfx(goodClientCert, "cli"),
                CertificatePassword = TestCertificates.Password,
                CaCertificatePath = caPath,
            }), RefusalBound);
            try
            {
                var grain = good.Services.GetRequiredService<IClusterClient>().GetGrain<IProbeGrain>("tls");
                await grain.Save("over tls", [1], inNamedStore: false);
                Assert.Equal("over tls", (await grain.Load(fromNamedStore: false)).Text);
            }
            finally
            {
                await InProcessCluster.Stop(good);
            }

            // A certificate from another CA: the silo refuses the handshake.
            // Orleans' client keeps retrying a refused gateway, so a refusal shows as no connection within the
            // bound that the control above met easily (it connects in about a second).
            await Assert.ThrowsAnyAsync<Exception>(() => InProcessCluster.StartClient(Client(new ClusterTlsOptions
            {
                CertificatePath = _certs.WritePfx(foreignClientCert, "intruder"),
                CertificatePassword = TestCertificates.Password,
                CaCertificatePath = caPath,
            }), RefusalBound));

            // No TLS at all: the silo does not talk plain TCP.
            await Assert.ThrowsAnyAsync<Exception>(() => InProcessCluster.StartClient(Client(new ClusterTlsOptions()), RefusalBound));
        }
        finally
        {
            await InProcessCluster.Stop(silo);
        }
    }

    public void Dispose() => _certs.Dispose();
}
