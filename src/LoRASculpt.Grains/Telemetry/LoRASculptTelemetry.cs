using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LoRASculpt.Grains.Telemetry;

/// <summary>
/// The product's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>
/// (what exporters subscribe to). Instruments live in <see cref="LoRASculptMetrics"/>; span names in <see cref="SpanNames"/>.
/// </summary>
public static class LoRASculptTelemetry
{
    public const string Name = "LoRASculpt";

    public static readonly ActivitySource Source = new(Name, typeof(LoRASculptTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(LoRASculptTelemetry).Assembly.GetName().Version?.ToString());
}

/// <summary>Span names and attribute keys, so dashboards and tests agree.</summary>
public static class SpanNames
{
    public const string Sweep = "sweep";
    public const string Trial = "trial";
    public const string Training = "training";
    public const string EvalShard = "eval_shard";
    public const string ReevaluationRun = "reevaluation_run";

    public const string SweepIdTag = "lorasculpt.sweep_id";
    public const string TrialIdTag = "lorasculpt.trial_id";
    public const string JobIdTag = "lorasculpt.job_id";
    public const string WorkerIdTag = "lorasculpt.worker_id";
    public const string DatasetTag = "lorasculpt.dataset";
    public const string ShardTag = "lorasculpt.shard";
}
