namespace LoRASculpt.Hosting;

/// <summary>
/// What is exported. Nothing by default; OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <see cref="OtlpEndpoint"/>)
/// is set; the console exporter when <see cref="Console"/> is on (<c>Telemetry:Console=true</c>).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public string ServiceName { get; set; } = "lorasculpt";

    /// <summary>Also print spans and metrics to the console.</summary>
    public bool Console { get; set; }

    /// <summary>OTLP collector endpoint; defaults to the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable.</summary>
    public string? OtlpEndpoint { get; set; }

    public bool Exports => Console || !string.IsNullOrWhiteSpace(OtlpEndpoint);
}
