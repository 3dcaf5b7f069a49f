using Microsoft.Extensions.Configuration;

namespace LoRASculpt.Hosting;

/// <summary>
/// Settings from environment variables, under one prefix for the silo host and the CLI alike
/// (LORASCULPT_Cluster__ServiceId, LORASCULPT_Tls__CertificatePath, ...), so one exported environment configures both.
/// </summary>
public static class EnvironmentSettings
{
    public const string Prefix = "LORASCULPT_";

    /// <summary>The LORASCULPT_* variables as configuration keys (LORASCULPT_Cluster__ServiceId is Cluster:ServiceId).</summary>
    public static IConfiguration Read() => new ConfigurationBuilder().AddEnvironmentVariables(Prefix).Build();
}
