using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Trials;

/// <summary>
/// A trial's status model, one place for every transition. The durable <see cref="TrialState"/> holds the status that
/// survives a restart; "training" is a refinement kept in memory only (after a restart such a trial is queued again), so
/// <see cref="Status"/> reads <see cref="TrialStatus.Training"/> while the durable status is <see cref="TrialStatus.Queued"/>.
/// Each report says whether it was accepted: reports of another attempt, or that come too late, change nothing.
/// The grain persists, notifies and schedules around it.
/// </summary>
/// <remarks>
/// Queued → (training started or progress) Training → (training completed) Evaluating → Completed; any non-terminal
/// status → Failed; → Cancelled when no sweep wants it; Queued or Training → StoppedEarly when its sweeps' early
/// termination stops it; a transient failure of training, or a resume of a cancelled trial, starts a new attempt (Queued).
/// Completed, Failed and StoppedEarly are final.
/// </remarks>
public sealed class TrialLifecycle(TrialState state)
{
    private bool _training;

    public TrialStatus Status => _training && state.Status == TrialStatus.Queued ? TrialStatus.Training : state.Status;

    public int Attempt => state.Attempt;

    /// <summary>The durable status is terminal (a cancelled trial is terminal until a sweep resumes it).</summary>
    public bool IsTerminal => state.Status.IsTerminal();

    /// <summary>Creates the trial on its first call (attempt 1, queued); false when it exists.</summary>
    public bool Create(TrialConfig config, int evalShards, DateTime nowUtc)
    {
        if (state.Config is not null)
            return false;
        state.Config = config;
        state.Attempt = 1;
        state.EvalShards = Math.Max(1, evalShards);
        state.CreatedUtc = nowUtc;
        Set(TrialStatus.Queued);
        return true;
    }

    /// <summary>The attempt's worker started training: accepted once, while queued.</summary>
    public bool TrainingStarted(int attempt)
    {
        if (attempt != state.Attempt || Status != TrialStatus.Queued)
            return false;
        _training = true;
        return true;
    }

    /// <summary>A progress report of the attempt's training: accepted while queued or training (it implies training started).</summary>
    public bool TrainingProgressed(int attempt)
    {
        if (attempt != state.Attempt || Status is not (TrialStatus.Queued or TrialStatus.Training))
            return false;
        _training = true;
        return true;
    }

    /// <summary>The attempt's adapter exists: evaluation starts. Accepted once per attempt.</summary>
    public bool TrainingCompleted(int attempt, TrainingOutcome outcome)
    {
        if (attempt != state.Attempt || state.Status != TrialStatus.Queued)
            return false;
        state.Training = outcome;
        Set(TrialStatus.Evaluating);
        return true;
    }

    /// <summary>True when a shard outcome of <paramref name="attempt"/> belongs to the running evaluation.</summary>
    public bool AcceptsShard(int attempt) => attempt == state.Attempt && state.Status == TrialStatus.Evaluating;

    /// <summary>True when a job failure of <paramref name="attempt"/> still matters (the trial is not finished).</summary>
    public bool AcceptsFailure(int attempt) => attempt == state.Attempt && !IsTerminal;

    public void Complete(TrialResult result, DateTime nowUtc)
    {
        state.Result = result;
        state.CompletedUtc = nowUtc;
        Set(TrialStatus.Completed);
    }

    public void Fail(JobFailureKind kind, string reason, DateTime nowUtc)
    {
        state.FailureKind = kind;
        state.FailureReason = reason;
        state.CompletedUtc = nowUtc;
        Set(TrialStatus.Failed);
    }

    /// <summary>Counts a transient failure that will be retried; returns the count so far.</summary>
    public int TransientFailure(JobFailureKind kind, string reason)
    {
        state.TransientFailures++;
        state.FailureReason = reason;
        state.FailureKind = kind;
        return state.TransientFailures;
    }

    public void Cancel() => Set(TrialStatus.Cancelled);

    /// <summary>
    /// Early termination stops the trial while it waits for or runs training: its result is <paramref name="result"/>
    /// (its last curve point's scores). False once training is over (evaluating, or terminal): nothing is left to save.
    /// </summary>
    public bool StopEarly(TrialResult result, string reason, DateTime nowUtc)
    {
        if (state.Status != TrialStatus.Queued)
            return false;
        state.Result = result;
        state.StopReason = reason;
        state.CompletedUtc = nowUtc;
        Set(TrialStatus.StoppedEarly);
        return true;
    }

    /// <summary>A new run from training: reports of the previous attempt are ignored from now on.</summary>
    public void StartNewAttempt()
    {
        state.Attempt++;
        state.Training = null;
        state.Result = null;
        Set(TrialStatus.Queued);
    }

    private void Set(TrialStatus status)
    {
        state.Status = status;
        _training = false;
    }
}
