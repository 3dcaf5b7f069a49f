using System.Diagnostics;
using LoRASculpt.Grains.Telemetry;
using LoRASculpt.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LoRASculpt.Grains.Tests.Support;

/// <summary>
/// Collects the spans of this process (ours and Orleans') as the OTLP exporter would see them.
/// Silo threads keep ending spans (status polls, timers) while a test reads, so reads get a locked snapshot.
/// </summary>
public sealed class InMemoryTracing : IDisposable
{
    private readonly SpanList _spans = new();
    private readonly TracerProvider _provider;

    private InMemoryTracing() =>
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(LoRASculptTelemetry.Name)
            .AddSource(TelemetryExtensions.OrleansSources)
            .AddProcessor(new SimpleActivityExportProcessor(_spans))
            .Build();

    public static InMemoryTracing Start() => new();

    /// <summary>The spans exported so far, after flushing.</summary>
    public IReadOnlyList<Activity> Spans()
    {
        _provider.ForceFlush();
        return _spans.Snapshot();
    }

    public void Dispose() => _provider.Dispose();

    private sealed class SpanList : BaseExporter<Activity>
    {
        private readonly List<Activity> _items = [];

        public override ExportResult Export(in Batch<Activity> batch)
        {
            lock (_items)
            {
                foreach (var activity in batch)
                    _items.Add(activity);
            }
            return ExportResult.Success;
        }

        public Activity[] Snapshot()
        {
            lock (_items)
                return [.. _items];
        }
    }
}
