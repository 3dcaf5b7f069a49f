using System.Collections.Immutable;
using System.Diagnostics;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Sweeps.Synthetic;

namespace LoRASculpt.Grains.Execution;

/// <summary>
/// Trial kind "synthetic": training waits <c>duration_ms</c> (honouring cancellation) and fails its first
/// <c>fail_attempts</c> attempts transiently; evaluation is instant and answers a fixed item set with a
/// hit rate derived from a hash of the trial id (a content hash of the config), so results are
/// deterministic, differ between configs, and merge across shards exactly like real evaluation.
/// </summary>
public sealed class SyntheticJobExecutor : IJobExecutor
{
    public const string SuiteVersion = "synthetic-1";

    /// <summary>Progress is reported about this often while waiting.</summary>
    private static readonly TimeSpan ProgressSlice = TimeSpan.FromMilliseconds(250);

    public TrainingOutcome Train(TrainingJob job, IProgress<JobProgress> progress, CancellationToken cancellationToken)
    {
        var hyperparameters = job.Config.Hyperparameters;
        var failing = SyntheticTrialParameters.FailingAttempts(hyperparameters);
        if (job.Attempt <= failing)
            throw new JobFailedException(JobFailureKind.Transient, $"synthetic failure: attempt {job.Attempt} of the first {failing} that fail");

        var duration = SyntheticTrialParameters.Duration(hyperparameters);
        var steps = Math.Max(1, (int)Math.Ceiling(duration / ProgressSlice));
        var loss = 2.0 + SyntheticHash.Unit(job.TrialId, "loss");
        var curveEvery = SyntheticTrialParameters.CurveInterval(hyperparameters);
        var curve = ImmutableArray.CreateBuilder<CurvePoint>();
        var clock = Stopwatch.StartNew();
        for (var step = 0; step < steps; step++)
        {
            var point = curveEvery > 0 && step > 0 && step % curveEvery == 0 ? SyntheticCurvePoint(job.TrialId, step, steps) : null;
            if (point is not null) curve.Add(point);
            progress.Report(new JobProgress(step, steps, loss / (1 + step), step / Math.Max(1e-9, clock.Elapsed.TotalSeconds))
            {
                Curve = point is null ? [] : [point],
            });
            // WaitOne rounds down to whole milliseconds: wait again until the slice has really elapsed.
            var sliceEnd = duration * (step + 1) / steps;
            for (var remaining = sliceEnd - clock.Elapsed; remaining > TimeSpan.Zero; remaining = sliceEnd - clock.Elapsed)
            {
                if (cancellationToken.WaitHandle.WaitOne(remaining))
                    cancellationToken.ThrowIfCancellationRequested();
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (curveEvery > 0 && steps % curveEvery == 0)
            curve.Add(SyntheticCurvePoint(job.TrialId, steps, steps));

        var finalLoss = loss / (1 + steps);
        var diagnostics = new TrainingDiagnostics(
            Densities: [],
            FinalLossTerms: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, double>("task", finalLoss), new("total", finalLoss)]),
            MeanStepMilliseconds: clock.Elapsed.TotalMilliseconds / steps,
            SamplesPerSecond: steps / Math.Max(1e-9, clock.Elapsed.TotalSeconds),
            Steps: steps,
            Notes: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("trial_kind", SyntheticTrialParameters.Kind)]));
        var adapterKey = ArtifactKey.Combine("adapters", job.TrialId, $"a{job.Attempt}", "synthetic");
        return new TrainingOutcome(adapterKey, diagnostics, clock.Elapsed, ResumedFromStep: 0) { Curve = curve.ToImmutable() };
    }

    /// <summary>A deterministic curve: Target rises and Source falls linearly over training, by amounts drawn from the trial id.</summary>
    public static CurvePoint SyntheticCurvePoint(string trialId, int step, int steps)
    {
        var progress = step / (double)steps;
        return new CurvePoint(step,
            Source: 60 - 20 * SyntheticHash.Unit(trialId, "forgetting") * progress,
            Target: 25 + 50 * SyntheticHash.Unit(trialId, "learning") * progress);
    }

    public EvalShardOutcome EvaluateShard(EvalShardJob job, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = SyntheticEvaluation.ShardItems(job.TrialId, job.Dataset, job.ShardIndex, job.ShardCount);
        return new EvalShardOutcome(job.Dataset, job.ShardIndex, job.ShardCount, items, TimeSpan.Zero, SuiteVersion);
    }

    public void Dispose()
    {
    }
}
