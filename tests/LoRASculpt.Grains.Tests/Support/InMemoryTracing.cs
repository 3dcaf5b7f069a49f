using System.Diagnostics;
using LoRASculpt.Grains.Telemetry;
using LoRASculpt.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LoRASculpt.Grains.Tests.Support;

/// <summary>Collects the spans of this process (ours and Orleans') into a list, as the OTLP exporter would see them.</summary>
public static class InMemoryTracing
{
    public static TracerProvider Start(List<Activity> spans) =>
        Sdk.CreateTracerProviderBuilder()
            .AddSource(LoRASculptTelemetry.Name)
            .AddSource(TelemetryExtensions.OrleansSources)
            .AddInMemoryExporter(spans)
            .Build();
}
