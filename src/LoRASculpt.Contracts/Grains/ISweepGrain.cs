using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using Orleans.Concurrency;

namespace LoRASculpt.Contracts.Grains;

/// <summary>
/// One sweep, keyed by its id (<c>SweepIds.For(spec)</c>). Expands the grid into content-addressed
/// trials, schedules them, and aggregates their snapshots into status and the results table.
/// </summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>
    /// Plans and schedules the sweep. Submitting the same spec again resumes it instead of
    /// creating anything new; a different spec under the same id is rejected (ArgumentException).
    /// Returns once the plan is durable; trials are scheduled in the background.
    /// </summary>
    Task<SweepSubmission> Submit(SweepSpec spec);

    /// <summary>Re-enqueues every trial that is not completed or failed. Completed trials are never re-run.</summary>
    Task<SweepStatus> Resume();

    /// <summary>
    /// Anti-entropy for a running sweep after failures: re-reads its unfinished trials (picking up changes whose
    /// notification was lost) and re-queues their pending work (the scheduler drops jobs it already holds).
    /// Does nothing while a scheduling pass is still running, or when the sweep is not running.
    /// </summary>
    Task Reconcile();

    /// <summary>Cancels the sweep's queued and running trials (unless another running sweep shares them).</summary>
    Task<SweepStatus> Cancel();

    /// <summary>Null when nothing was submitted under this id.</summary>
    [AlwaysInterleave]
    Task<SweepStatus?> GetStatus();

    /// <summary>Null when nothing was submitted under this id.</summary>
    [AlwaysInterleave]
    Task<SweepResults?> GetResults();

    [AlwaysInterleave]
    Task<SweepSpec?> GetSpec();

    /// <summary>Called by the sweep's trials on every change. Interleaves: it only updates in-memory views.</summary>
    [AlwaysInterleave]
    Task OnTrialChanged(TrialSnapshot snapshot);
}
