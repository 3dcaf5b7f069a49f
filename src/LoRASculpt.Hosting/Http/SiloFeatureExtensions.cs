using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Grains.Reevaluation;
using LoRASculpt.Hosting.Http;
using Microsoft.Extensions.Hosting;

namespace LoRASculpt.Hosting;

public static class SiloFeatureExtensions
{
    /// <summary>
    /// For a cluster silo host: the leaderboard and re-evaluation grains' options, Orleans activity propagation,
    /// OpenTelemetry exporters (section <c>Telemetry</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; none by default) and the
    /// read-only HTTP endpoint (section <c>Http</c>: Url, ApiKey; off without a Url) with the Orleans Dashboard behind the
    /// same key (Http:DashboardEnabled, Http:DashboardPath). Call after the silo is configured.
    /// </summary>
    public static IHostApplicationBuilder AddLeaderboardFeatures(this IHostApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo.AddLeaderboard().AddReevaluation().AddLoRASculptTracing());
        builder.AddLoRASculptTelemetry();
        builder.AddLeaderboardHttpEndpoint();
        return builder;
    }
}
