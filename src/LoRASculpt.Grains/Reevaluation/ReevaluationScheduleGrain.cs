using System.Collections.Immutable;
using System.Globalization;
using Cronos;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Reevaluation;
using LoRASculpt.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Grains.Reevaluation;

/// <summary>
/// A scheduled re-evaluation (see <see cref="IReevaluationScheduleGrain"/>). The reminder ticks every
/// <see cref="ReevaluationOptions.TickPeriod"/>; a tick starts a run only when the stored cron due time has passed,
/// and moves the due time past now before the run's first job is queued, so a late or repeated tick cannot start
/// the same occurrence twice. While a run is open further due times are skipped (no overlap). Entries already scored
/// on the current suite version (<see cref="CurrentSuiteVersions"/>) are skipped. The grain keeps the schedule and its
/// runs; evaluating a run's entries is <see cref="ReevaluationRunner"/>'s.
/// </summary>
public sealed partial class ReevaluationScheduleGrain(
    [PersistentState("reevaluation", OrchestrationStorage.Name)] IPersistentState<ReevaluationScheduleRecord> state,
    IOptions<ReevaluationOptions> options,
    ReevaluationClock clock,
    CurrentSuiteVersions suites,
    ILogger<ReevaluationScheduleGrain> logger) : Grain, IReevaluationScheduleGrain, IRemindable
{
    public const string ReminderName = "reevaluation-tick";
    public const string CronTrigger = "cron";
    public const string ManualTrigger = "manual";

    private readonly ReevaluationOptions _options = options.Value;
    private IGrainTimer? _pollTimer;
    private ReevaluationRunner? _runner;

    /// <summary>The grain's persisted state.</summary>
    private ReevaluationScheduleRecord Stored => state.State;

    private string ScheduleId => this.GetPrimaryKeyString();

    private ReevaluationRunner Runner => _runner ??= new ReevaluationRunner(GrainFactory, ScheduleId, _options, clock, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Stored.CurrentRun is not null && Stored.State == ReevaluationScheduleState.Active)
            StartPolling();
        return Task.CompletedTask;
    }

    public async Task<ReevaluationScheduleInfo> Create(ReevaluationScheduleSpec spec)
    {
        var cron = Validate(spec);
        if (ReevaluationIds.For(spec) != ScheduleId)
            throw new ArgumentException($"Schedule '{ScheduleId}' cannot hold a spec whose id is {ReevaluationIds.For(spec)}.", nameof(spec));
        if (Stored.Spec is null || Stored.State == ReevaluationScheduleState.Cancelled)
        {
            var now = clock.UtcNow;
            Stored.Spec = spec;
            Stored.State = ReevaluationScheduleState.Active;
            Stored.CreatedUtc = now;
            Stored.NextDueUtc = cron.GetNextOccurrence(now);
            await state.WriteStateAsync();
            LogScheduled(ScheduleId, spec.Cron, Stored.NextDueUtc);
        }
        await this.RegisterOrUpdateReminder(ReminderName, _options.TickPeriod, _options.TickPeriod);
        await GrainFactory.GetGrain<IReevaluationRegistryGrain>(IReevaluationRegistryGrain.Key).Add(ScheduleId);
        return Info()!;
    }

    public Task<ReevaluationScheduleInfo?> GetInfo() => Task.FromResult(Info());

    public async Task<ReevaluationTrigger> RunNow()
    {
        if (Stored.Spec is null || Stored.State != ReevaluationScheduleState.Active)
            return Skip("no active schedule", "inactive");
        await AdvanceRunAsync();
        if (Stored.CurrentRun is { } running)
            return Skip($"run {running.RunId} is still in progress", "overlap");
        var now = clock.UtcNow;
        return await StartRunAsync(ManualTrigger, now, $"{ScheduleId}/manual-{now:yyyyMMddTHHmmssfff}Z");
    }

    public async Task<ReevaluationTrigger> Tick()
    {
        if (Stored.Spec is null || Stored.State != ReevaluationScheduleState.Active)
        {
            await UnregisterReminderAsync();
            return Skip("no active schedule", "inactive");
        }
        await AdvanceRunAsync();
        var now = clock.UtcNow;
        if (Stored.NextDueUtc is not { } due || due > now)
            return new ReevaluationTrigger(false, null, $"next run due at {Stored.NextDueUtc:u}");

        // Whatever happens next, this occurrence (and any missed ones) is consumed now.
        Stored.NextDueUtc = Cron(Stored.Spec).GetNextOccurrence(now);
        if (Stored.CurrentRun is { } running)
        {
            await state.WriteStateAsync();
            LogOverlapSkipped(ScheduleId, due, running.RunId);
            return Skip($"run {running.RunId} is still in progress; the {due:u} occurrence is skipped", "overlap");
        }
        return await StartRunAsync(CronTrigger, due, $"{ScheduleId}/{due:yyyyMMddTHHmm}Z");
    }

    public async Task<ReevaluationScheduleInfo?> Cancel()
    {
        if (Stored.Spec is null)
            return null;
        Stored.State = ReevaluationScheduleState.Cancelled;
        Stored.NextDueUtc = null;
        if (Stored.CurrentRun is not null)
            Finish(ReevaluationRunState.Incomplete);
        await state.WriteStateAsync();
        _pollTimer?.Dispose();
        _pollTimer = null;
        await UnregisterReminderAsync();
        await GrainFactory.GetGrain<IReevaluationRegistryGrain>(IReevaluationRegistryGrain.Key).Remove(ScheduleId);
        LogCancelled(ScheduleId);
        return Info();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? Tick() : Task.CompletedTask;

    private async Task<ReevaluationTrigger> StartRunAsync(string trigger, DateTime due, string runId)
    {
        var spec = Stored.Spec!;
        var now = clock.UtcNow;
        var selected = await SelectAsync(spec);
        var run = new RunRecord { RunId = runId, Trigger = trigger, DueUtc = due, StartedUtc = now, Selected = selected.Length };
        foreach (var entry in selected)
        {
            run.EntryIds.Add(entry.EntryId);
            var version = suites.For(entry.Config.ExecutorKind);
            if (entry.ScoreOn(version) is not null)
            {
                run.Skipped++;
                continue;
            }
            run.Pending.Add(new RunItem { EntryId = entry.EntryId, SuiteVersion = version, Config = entry.Config, AdapterKey = entry.AdapterKey });
        }
        Stored.CurrentRun = run;
        Stored.RunsStarted++;
        await state.WriteStateAsync();
        LoRASculptMetrics.ReevaluationRuns.Add(1, new KeyValuePair<string, object?>("trigger", trigger));
        LogRunStarted(ScheduleId, runId, run.Selected, run.Skipped);

        if (run.Pending.Count == 0)
        {
            Finish(ReevaluationRunState.Completed);
            await state.WriteStateAsync();
        }
        else
        {
            await Runner.EnqueuePendingAsync(spec, run);
            StartPolling();
        }
        return new ReevaluationTrigger(true, runId, $"selected {run.Selected}, {run.Skipped} already scored on the current suite");
    }

    private async Task<ImmutableArray<LeaderboardEntry>> SelectAsync(ReevaluationScheduleSpec spec)
    {
        var board = GrainFactory.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board(spec.BaseModel, spec.TargetTask));
        var selection = spec.Selection;
        var query = selection.Kind == ReevaluationSelectionKind.Top
            ? new LeaderboardQuery(selection.Metric, LeaderboardFilter.None, Math.Min(selection.Count, _options.MaxEntriesPerRun))
            : new LeaderboardQuery(selection.Metric, LeaderboardFilter.None with { CurrentSuiteOlderThan = selection.Version }, Math.Min(selection.Count, _options.MaxEntriesPerRun));
        return (await board.Top(query)).Entries;
    }

    /// <summary>Lets the runner look at the open run, and closes it when the runner says it is done.</summary>
    private async Task AdvanceRunAsync()
    {
        if (Stored.CurrentRun is not { } run)
            return;
        var progress = await Runner.AdvanceAsync(Stored.Spec!, run);
        if (progress.Finished is { } final)
            Finish(final);
        if (progress.Changed || Stored.CurrentRun is null)
            await state.WriteStateAsync();
    }

    private void Finish(ReevaluationRunState final)
    {
        var run = Stored.CurrentRun!;
        var summary = Summary(run, final, clock.UtcNow);
        Stored.RecentRuns.Insert(0, summary);
        if (Stored.RecentRuns.Count > _options.RecentRuns)
            Stored.RecentRuns.RemoveRange(_options.RecentRuns, Stored.RecentRuns.Count - _options.RecentRuns);
        Stored.CurrentRun = null;
        _pollTimer?.Dispose();
        _pollTimer = null;
        LogRunFinished(ScheduleId, run.RunId, final, run.Evaluated, run.Skipped, run.Failed.Count, run.Pending.Count);
    }

    private void StartPolling()
    {
        _pollTimer ??= this.RegisterGrainTimer(static self => self.AdvanceRunAsync(), this,
            new GrainTimerCreationOptions(_options.PollInterval, _options.PollInterval) { KeepAlive = true });
    }

    private async Task UnregisterReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    private ReevaluationTrigger Skip(string reason, string tag)
    {
        LoRASculptMetrics.ReevaluationsSkipped.Add(1, new KeyValuePair<string, object?>("reason", tag));
        return new ReevaluationTrigger(false, null, reason);
    }

    private ReevaluationScheduleInfo? Info() => Stored.Spec is null ? null : new ReevaluationScheduleInfo(
        ScheduleId, Stored.Spec, Stored.State, Stored.CreatedUtc, Stored.NextDueUtc,
        Stored.CurrentRun is { } run ? Summary(run, ReevaluationRunState.Running, null) : null,
        [.. Stored.RecentRuns], Stored.RunsStarted);

    private static ReevaluationRunSummary Summary(RunRecord run, ReevaluationRunState runState, DateTime? finished) => new(
        run.RunId, run.Trigger, run.DueUtc, run.StartedUtc, finished, runState, run.Selected, run.Skipped, run.Evaluated, run.Pending.Count, [.. run.EntryIds], [.. run.Failed]);

    /// <exception cref="ArgumentException">Naming the invalid field.</exception>
    public static CronExpression Validate(ReevaluationScheduleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = LeaderboardKeys.Board(spec.BaseModel, spec.TargetTask);
        if (spec.EvalShards is < 1 or > 64)
            throw new ArgumentException($"EvalShards must be 1-64, got {spec.EvalShards.ToString(CultureInfo.InvariantCulture)}.", nameof(spec));
        if (spec.Selection.Kind == ReevaluationSelectionKind.SuiteOlderThan && string.IsNullOrWhiteSpace(spec.Selection.Version))
            throw new ArgumentException("Selection suite-older-than needs a suite version.", nameof(spec));
        if (spec.Selection.Count is < 1 or > ReevaluationSelection.MaxCount)
            throw new ArgumentException($"Selection count must be 1-{ReevaluationSelection.MaxCount}.", nameof(spec));
        return Cron(spec);
    }

    private static CronExpression Cron(ReevaluationScheduleSpec spec)
    {
        try
        {
            return CronExpression.Parse(spec.Cron.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException($"Cron expression '{spec.Cron}' is invalid: {e.Message}", nameof(spec));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-evaluation {ScheduleId} scheduled ({Cron}); next run due {NextDue}")]
    private partial void LogScheduled(string scheduleId, string cron, DateTime? nextDue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-evaluation {ScheduleId}: run {RunId} started with {Selected} entries ({Skipped} already current)")]
    private partial void LogRunStarted(string scheduleId, string runId, int selected, int skipped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-evaluation {ScheduleId}: run {RunId} {State}: {Evaluated} evaluated, {Skipped} skipped, {Failed} failed, {Pending} pending")]
    private partial void LogRunFinished(string scheduleId, string runId, ReevaluationRunState state, int evaluated, int skipped, int failed, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-evaluation {ScheduleId}: occurrence {Due} skipped, run {RunId} still in progress")]
    private partial void LogOverlapSkipped(string scheduleId, DateTime due, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-evaluation {ScheduleId} cancelled")]
    private partial void LogCancelled(string scheduleId);
}
