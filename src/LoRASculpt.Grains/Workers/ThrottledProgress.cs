using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Grains.Workers;

/// <summary>
/// Receives progress on the job thread and keeps only the latest value; the worker grain takes it on its
/// progress timer, so however often an executor reports, the trial hears at most once per interval.
/// </summary>
internal sealed class ThrottledProgress : IProgress<JobProgress>
{
    private JobProgress? _latest;

    public void Report(JobProgress value) => Interlocked.Exchange(ref _latest, value);

    public JobProgress? Take() => Interlocked.Exchange(ref _latest, null);
}
