using LoRASculpt.Grains.Telemetry;
using System.Collections.Immutable;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using System.Runtime.CompilerServices;
using LoRASculpt.Core.Suites;
using LoRASculpt.Sweeps.Expansion;
using LoRASculpt.Sweeps.Search;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Grains.Sweeps;

/// <summary>
/// A sweep (see <see cref="ISweepGrain"/>). The plan is written once at submit; trials are scheduled in
/// background passes of <see cref="ChunkSize"/> (their jobs enqueued one batch per pass) so the first
/// trials start while the rest are still being created, and no grain call runs long.
/// </summary>
public sealed partial class SweepGrain(
    [PersistentState("sweep", OrchestrationStorage.Name)] IPersistentState<SweepRecord> state,
    TimeProvider clock,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain
{
    private const int ChunkSize = 128;

    private SweepTable _table = new([]);
    private Task _loaded = Task.CompletedTask;
    private Task _scheduling = Task.CompletedTask;
    /// <summary>The sweep's span while this activation runs it; trials scheduled under it become its children.</summary>
    private System.Diagnostics.Activity? _span;
    private Task _lastSave = Task.CompletedTask;
    /// <summary>A bayes sweep's suite, loaded once per activation to build the configs of proposed trials.</summary>
    private StrongBox<EvaluationSuite?>? _suite;
    /// <summary>Bumped by every resume and cancel: a scheduling pass of an older generation stops.</summary>
    private int _generation;

    /// <summary>The grain's persisted state.</summary>
    private SweepRecord Stored => state.State;

    private string SweepId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Stored.Spec is not null)
        {
            _table = new SweepTable(Stored.Trials);
            _loaded = LoadSnapshotsAsync();
        }
        return Task.CompletedTask;
    }

    public async Task<SweepSubmission> Submit(SweepSpec spec)
    {
        var expectedId = SweepIds.For(spec);
        if (expectedId != SweepId)
            throw new ArgumentException($"Spec '{spec.Name}' has sweep id '{expectedId}', not '{SweepId}'.", nameof(spec));
        if (Stored.Spec is not null)
            return new SweepSubmission(SweepId, false, await Resume());

        var plan = SweepExpander.Plan(spec);
        Stored.Spec = spec;
        Stored.Trials = [.. plan.Trials.Select(t => new SweepTrial(t.TrialId, t.Config, t.SweptValues.ToImmutableSortedDictionary(StringComparer.Ordinal)))];
        Stored.SweptAxes = [.. plan.SweptParameters];
        Stored.State = SweepState.Running;
        Stored.SubmittedUtc = clock.GetUtcNow().UtcDateTime;
        await SaveAsync();
        _table = new SweepTable(Stored.Trials);
        LogSubmitted(SweepId, spec.Name, Stored.Trials.Count);
        await RegisterAsync();
        StartScheduling();
        return new SweepSubmission(SweepId, true, _table.Status(SweepId, Stored));
    }

    public async Task<SweepStatus> Resume()
    {
        RequireSubmitted();
        await _loaded;
        // A completed sweep with nothing cancelled has nothing to resume: it stays completed.
        if (Stored.State == SweepState.Completed && _table.AllTerminal && _table.Count(TrialStatus.Cancelled) == 0)
            return _table.Status(SweepId, Stored);
        if (Stored.State != SweepState.Running)
        {
            Stored.State = SweepState.Running;
            Stored.FinishedUtc = null;
            await SaveAsync();
            await RegisterAsync();
        }
        LogResumed(SweepId);
        await ReviewEarlyTerminationAsync();
        StartScheduling();
        await ProposeAsync();
        return _table.Status(SweepId, Stored);
    }

    public async Task Reconcile()
    {
        if (Stored.Spec is null || Stored.State != SweepState.Running)
            return;
        await _loaded;
        await ReviewEarlyTerminationAsync();
        if (_scheduling.IsCompleted)
            StartScheduling(onlyUnfinished: true);
        await ProposeAsync();
    }

    public async Task<SweepStatus> Cancel()
    {
        RequireSubmitted();
        _generation++;
        if (Stored.State == SweepState.Running)
        {
            Stored.State = SweepState.Cancelled;
            Stored.FinishedUtc = clock.GetUtcNow().UtcDateTime;
            await SaveAsync();
            await RegisterAsync();
        }
        await _loaded;
        var open = _table.Rows().Where(r => r.Snapshot is null || !r.Snapshot.Status.IsTerminal()).Select(r => r.Trial.TrialId).ToArray();
        foreach (var chunk in open.Chunk(ChunkSize))
        {
            var snapshots = await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<ITrialGrain>(id).Cancel(SweepId)));
            foreach (var snapshot in snapshots)
                _table.Apply(snapshot);
        }
        LogCancelled(SweepId, open.Length);
        return _table.Status(SweepId, Stored);
    }

    public async Task<SweepStatus?> GetStatus()
    {
        if (Stored.Spec is null)
            return null;
        await _loaded;
        return _table.Status(SweepId, Stored);
    }

    public async Task<SweepResults?> GetResults()
    {
        if (Stored.Spec is null)
            return null;
        await _loaded;
        return _table.Results(SweepId, Stored);
    }

    public Task<SweepSpec?> GetSpec() => Task.FromResult(Stored.Spec);

    public async Task OnTrialChanged(TrialSnapshot snapshot)
    {
        if (!_table.Apply(snapshot))
            return;
        await TerminateEarlyAsync(snapshot);
        if (snapshot.Status.IsTerminal())
            await ProposeAsync();
        CompleteIfDone();
    }

    /// <summary>
    /// A bayes sweep's next points (see <see cref="BayesSearch"/>): appended to the plan, saved, then scheduled after
    /// whatever is being scheduled now. Called when a trial finishes and on resume and reconcile, so a proposal lost
    /// to a crash between a trial's end and the save is made again.
    /// </summary>
    private async Task ProposeAsync()
    {
        if (Stored.Spec is not { Grid: GridKind.Bayes } spec || Stored.State != SweepState.Running)
            return;
        await _loaded;
        _suite ??= new(SweepExpander.LoadSuite(spec));
        var rows = Stored.Trials.Select(t => (t, _table.Get(t.TrialId)?.Status, _table.Get(t.TrialId)?.Result)).ToArray();
        var added = BayesSearch.Propose(spec, rows, _suite.Value)
            .Where(p => _table.Get(p.TrialId) is null && Stored.Trials.All(t => t.TrialId != p.TrialId))
            .Select(p => new SweepTrial(p.TrialId, p.Config, p.SweptValues.ToImmutableSortedDictionary(StringComparer.Ordinal)))
            .ToArray();
        if (added.Length == 0)
            return;
        Stored.Trials.AddRange(added);
        _table.Appended(added);
        await SaveAsync();
        LogProposed(SweepId, added.Length, Stored.Trials.Count);
        _scheduling = ScheduleTrialsAsync(_generation, _scheduling, added);
    }

    private void RequireSubmitted()
    {
        if (Stored.Spec is null)
            throw new InvalidOperationException($"No sweep '{SweepId}' was submitted.");
    }

    private void StartScheduling(bool onlyUnfinished = false)
    {
        var generation = ++_generation;
        var previous = _scheduling;
        var outer = System.Diagnostics.Activity.Current;
        _span ??= LoRASculptTracing.StartSweep(SweepId, Stored.Spec!.Name);
        System.Diagnostics.Activity.Current = _span ?? outer; // flows into the scheduling task's grain calls
        IReadOnlyList<SweepTrial> trials = onlyUnfinished
            ? [.. Stored.Trials.Where(t => _table.Get(t.TrialId) is not { } snapshot || !snapshot.Status.IsTerminal())]
            : Stored.Trials;
        _scheduling = ScheduleTrialsAsync(generation, previous, trials);
        System.Diagnostics.Activity.Current = outer;
    }

    private async Task ScheduleTrialsAsync(int generation, Task previous, IReadOnlyList<SweepTrial> trials)
    {
        await previous;
        try
        {
            var finished = false;
            var scheduler = GrainFactory.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.Key);
            foreach (var chunk in trials.Chunk(ChunkSize))
            {
                if (generation != _generation || Stored.State != SweepState.Running)
                    return;
                var results = await Task.WhenAll(chunk.Select(t =>
                    GrainFactory.GetGrain<ITrialGrain>(t.TrialId).EnsureScheduled(SweepId, t.Config, Stored.Spec!.EvalShards)));
                var jobs = ImmutableArray.CreateBuilder<QueuedJob>();
                foreach (var result in results)
                {
                    _table.Apply(result.Snapshot);
                    jobs.AddRange(result.Jobs);
                    finished |= result.Snapshot.Status.IsTerminal();
                }
                if (jobs.Count > 0)
                    await scheduler.Enqueue(jobs.ToImmutable());
            }
            // A trial another sweep already finished is finished here at once, with no change to report later: a bayes
            // sweep proposes its next points now, or it would end below its run_cap.
            if (finished)
                await ProposeAsync();
            CompleteIfDone();
        }
        catch (Exception e)
        {
            // The sweep stays Running: a resume (or the next submit of the same file) schedules again.
            LogSchedulingFailed(e, SweepId);
        }
    }

    private async Task LoadSnapshotsAsync()
    {
        try
        {
            foreach (var chunk in Stored.Trials.Chunk(ChunkSize * 2))
            {
                var snapshots = await Task.WhenAll(chunk.Select(t => GrainFactory.GetGrain<ITrialGrain>(t.TrialId).GetSnapshot()));
                foreach (var snapshot in snapshots)
                    _table.Apply(snapshot);
            }
        }
        catch (Exception e)
        {
            LogLoadFailed(e, SweepId);
        }
    }

    private void CompleteIfDone()
    {
        if (Stored.State != SweepState.Running || !_table.AllTerminal)
            return;
        Stored.State = SweepState.Completed;
        Stored.FinishedUtc = clock.GetUtcNow().UtcDateTime;
        LogCompleted(SweepId, _table.Count(TrialStatus.Completed), _table.Count(TrialStatus.Failed));
        _span?.Dispose();
        _span = null;
        _ = PersistCompletionAsync();
    }

    private async Task PersistCompletionAsync()
    {
        try
        {
            await SaveAsync();
            await RegisterAsync();
        }
        catch (Exception e)
        {
            LogSaveFailed(e, SweepId);
        }
    }

    /// <summary>Writes are chained: interleaved callers never run two writes of this grain's state at once.</summary>
    private Task SaveAsync()
    {
        _lastSave = WriteAfter(_lastSave);
        return _lastSave;
    }

    private async Task WriteAfter(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The previous write's caller saw its failure; this write carries the newer state anyway.
        }
        await state.WriteStateAsync();
    }

    private Task RegisterAsync() =>
        GrainFactory.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key).Register(new SweepSummary(
            SweepId, Stored.Spec!.Name, Stored.State, _table.Total, _table.Count(TrialStatus.Completed), _table.Count(TrialStatus.Failed), Stored.SubmittedUtc));

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} ({Name}) submitted with {Trials} trials")]
    private partial void LogSubmitted(string sweepId, string name, int trials);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} proposed {Added} trials ({Total} planned so far)")]
    private partial void LogProposed(string sweepId, int added, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} resumed")]
    private partial void LogResumed(string sweepId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} cancelled ({Open} trials were not finished)")]
    private partial void LogCancelled(string sweepId, int open);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} completed: {Completed} trials completed, {Failed} failed")]
    private partial void LogCompleted(string sweepId, int completed, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduling the trials of sweep {SweepId} failed; resume it to retry")]
    private partial void LogSchedulingFailed(Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading trial snapshots of sweep {SweepId} failed")]
    private partial void LogLoadFailed(Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving sweep {SweepId} failed")]
    private partial void LogSaveFailed(Exception exception, string sweepId);
}
