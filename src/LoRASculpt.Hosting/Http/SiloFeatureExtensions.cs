using LoRASculpt.Hosting.Http;
using Microsoft.Extensions.Hosting;

namespace LoRASculpt.Hosting;

public static class SiloFeatureExtensions
{
    /// <summary>
    /// For a cluster silo host, around the silo (whose parts <see cref="ClusterSiloExtensions.UseLoRASculptCluster"/>
    /// adds): OpenTelemetry exporters (section <c>Telemetry</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; none by default) and
    /// the read-only HTTP endpoint (section <c>Http</c>: Url, ApiKey; off without a Url) with the Orleans Dashboard behind
    /// the same key (Http:DashboardEnabled, Http:DashboardPath).
    /// </summary>
    public static IHostApplicationBuilder AddTelemetryAndHttp(this IHostApplicationBuilder builder)
    {
        builder.AddLoRASculptTelemetry();
        builder.AddLeaderboardHttpEndpoint();
        return builder;
    }
}
