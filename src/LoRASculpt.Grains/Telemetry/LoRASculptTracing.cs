using System.Diagnostics;

namespace LoRASculpt.Grains.Telemetry;

/// <summary>
/// Starts the product's spans. A sweep span is the root; a trial span is started inside a grain call that Orleans'
/// activity propagation carried from the sweep (so it is the sweep's child); jobs carry their trial's W3C traceparent
/// (<see cref="CurrentTraceParent"/>) to whichever silo's worker runs them, where training and eval-shard spans become
/// the trial's children. Every method returns null when nobody listens (no exporter configured).
/// </summary>
public static class LoRASculptTracing
{
    public static Activity? StartSweep(string sweepId, string name)
    {
        var activity = LoRASculptTelemetry.Source.StartActivity(SpanNames.Sweep, ActivityKind.Internal);
        activity?.SetTag(SpanNames.SweepIdTag, sweepId);
        activity?.SetTag("lorasculpt.sweep_name", name);
        return activity;
    }

    /// <summary>A trial's span, child of the current activity (the propagated sweep context) when there is one.</summary>
    public static Activity? StartTrial(string trialId, string sweepId)
    {
        var activity = LoRASculptTelemetry.Source.StartActivity(SpanNames.Trial, ActivityKind.Internal);
        activity?.SetTag(SpanNames.TrialIdTag, trialId);
        activity?.SetTag(SpanNames.SweepIdTag, sweepId);
        return activity;
    }

    /// <summary>A training or eval-shard span on the worker, child of the job's <paramref name="traceParent"/> (a W3C traceparent).</summary>
    public static Activity? StartJob(string? traceParent, string jobId, string trialId, string workerId, string? dataset = null, int? shard = null)
    {
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var activity = LoRASculptTelemetry.Source.StartActivity(dataset is null ? SpanNames.Training : SpanNames.EvalShard, ActivityKind.Internal, parent);
        activity?.SetTag(SpanNames.JobIdTag, jobId);
        activity?.SetTag(SpanNames.TrialIdTag, trialId);
        activity?.SetTag(SpanNames.WorkerIdTag, workerId);
        if (dataset is not null)
        {
            activity?.SetTag(SpanNames.DatasetTag, dataset);
            activity?.SetTag(SpanNames.ShardTag, shard);
        }
        return activity;
    }

    /// <summary>The current activity as a W3C traceparent (what jobs carry), or null.</summary>
    public static string? CurrentTraceParent =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;
}
