using LoRASculpt.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LoRASculpt.Hosting;

/// <summary>OpenTelemetry for a silo host or the CLI: the LoRASculpt source and meter plus Orleans' own.</summary>
public static class TelemetryExtensions
{
    /// <summary>Orleans' activity sources (grain calls, runtime) and its meter.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Registers tracing and metrics exporters per <see cref="TelemetryOptions"/> (section <c>Telemetry</c>, then
    /// <paramref name="configure"/>). Registers nothing when no exporter is asked for, so nothing is exported by default.
    /// </summary>
    public static IHostApplicationBuilder AddLoRASculptTelemetry(this IHostApplicationBuilder builder, Action<TelemetryOptions>? configure = null)
    {
        var options = new TelemetryOptions();
        builder.Configuration.GetSection(TelemetryOptions.Section).Bind(options);
        options.OtlpEndpoint ??= builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        configure?.Invoke(options);
        if (!options.Exports)
            return builder;

        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(LoRASculptTelemetry.Name).AddSource(OrleansSources);
                if (otlp is not null)
                    tracing.AddOtlpExporter(o => o.Endpoint = otlp);
                if (options.Console)
                    tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(LoRASculptTelemetry.Name, OrleansMeter);
                if (otlp is not null)
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                if (options.Console)
                    metrics.AddConsoleExporter();
            });
        return builder;
    }

    /// <summary>Carries the caller's trace context across grain calls and silos (W3C traceparent in the request context).</summary>
    public static ISiloBuilder AddLoRASculptTracing(this ISiloBuilder silo) => silo.AddActivityPropagation();

    public static IClientBuilder AddLoRASculptTracing(this IClientBuilder client) => client.AddActivityPropagation();
}
