using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Reevaluation;

namespace LoRASculpt.Grains.Reevaluation;

/// <summary>See <see cref="IReevaluationFailureGrain"/>: failure counts per shard job, and the latest reason.</summary>
public sealed class ReevaluationFailureGrain : Grain, IReevaluationFailureGrain
{
    private readonly Dictionary<string, int> _failuresByJob = new(StringComparer.Ordinal);
    private ReevaluationJobFailure? _latest;

    public Task Report(string jobId, JobFailureKind kind, string reason)
    {
        _failuresByJob[jobId] = _failuresByJob.GetValueOrDefault(jobId) + 1;
        _latest = new ReevaluationJobFailure(jobId, kind, reason, _failuresByJob.Values.Max(), (_latest?.TotalFailures ?? 0) + 1);
        return Task.CompletedTask;
    }

    public Task<ReevaluationJobFailure?> GetLatest() => Task.FromResult(_latest);

    public Task Clear()
    {
        _failuresByJob.Clear();
        _latest = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
