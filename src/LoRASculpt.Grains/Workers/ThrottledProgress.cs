using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Workers;

/// <summary>
/// Receives progress on the job thread and keeps only the latest value; the worker grain takes it on its
/// progress timer, so however often an executor reports, the trial hears at most once per interval.
/// Forgetting-curve points are not dropped with the reports that carried them: the taken report carries every
/// point reported since the last take.
/// </summary>
internal sealed class ThrottledProgress : IProgress<JobProgress>
{
    private readonly Lock _gate = new();
    private JobProgress? _latest;
    private ImmutableArray<CurvePoint> _pendingCurve = [];

    public void Report(JobProgress value)
    {
        lock (_gate)
        {
            _pendingCurve = _pendingCurve.AddRange(value.Curve);
            _latest = value;
        }
    }

    public JobProgress? Take()
    {
        lock (_gate)
        {
            var taken = _latest is null ? null : _latest with { Curve = _pendingCurve };
            _latest = null;
            _pendingCurve = [];
            return taken;
        }
    }
}
