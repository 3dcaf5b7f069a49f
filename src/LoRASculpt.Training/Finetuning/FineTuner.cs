using System.Diagnostics;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// The fine-tuning loop: AdamW (decoder adapters at lr, the connector's LoRA or full weights at connector_lr), cosine
/// schedule with warm-up, global grad-norm clipping, one dispose scope per step, LoRASculpt's
/// one-shot pruning at prune_step with masks enforced after every optimizer step, periodic atomic
/// checkpoints and exact resume. Cancellation is honoured between steps.
/// </summary>
public sealed class FineTuner
{
    private readonly TrialSettings settings;
    private readonly AdapterSet adapters;
    private readonly IFinetuningTask task;
    private readonly Generator generator;

    /// <param name="generator">The trial's generator; it already produced the adapters' initial values.</param>
    public FineTuner(TrialSettings settings, AdapterSet adapters, IFinetuningTask task, Generator generator)
    {
        this.settings = settings;
        this.adapters = adapters;
        this.task = task;
        this.generator = generator;
    }

    /// <summary>Measures a forgetting-curve point every eval_every steps; null = no curve whatever eval_every says.</summary>
    public ICurveProbe? CurveProbe { get; init; }

    /// <summary>The masks LoRASculpt computed (empty for other methods or before prune_step).</summary>
    public SparsityMasks Masks { get; } = new();

    /// <summary>A fingerprint of everything that shapes training, so a checkpoint is only resumed by the same trial.</summary>
    public string SettingsFingerprint =>
        $"{settings.MethodName}|{settings.BaseModel}|{settings.TargetTask}|" +
        string.Join(";", settings.ToCanonicalParameters().Where(p => p.Key != ParameterNames.CheckpointEvery && !TrialParameters.ReportingOnly.Contains(p.Key)).Select(p => $"{p.Key}={p.Value}"));

    public FineTuneResult Run(string? checkpointDirectory, IProgress<TrainProgress>? progress, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var parameters = adapters.DecoderAdapterParameters.Select(p => (p.Name, p.Parameter, settings.LearningRate))
            .Concat(adapters.ConnectorAdapterParameters.Select(p => (p.Name, p.Parameter, settings.ConnectorLearningRate)))
            .Concat(adapters.FullConnectorParameters.Select(p => (p.Name, p.Parameter, settings.ConnectorLearningRate)))
            .ToList();
        using var optimizer = new AdamW(parameters, settings.WeightDecay);
        using var objective = new TrainingObjective(settings, adapters);
        var cmrMeter = objective.Cmr is { } cmr ? new CmrGradientMeter(cmr, settings.Alpha) : null;
        // Before any restore: A's values now are its initial ones (the injector drew them from the trial's seed).
        using var initialA = InitialA();
        var schedule = new CosineSchedule(settings.Steps, settings.WarmupRatio);
        var sampler = new EpochSampler(task.TrainSampleCount, settings.Seed);
        var startStep = 0;
        var last = LossTerms.Zero;
        if (checkpointDirectory is not null && TrainingCheckpoint.LoadLatest(checkpointDirectory) is { } checkpoint)
        {
            (startStep, sampler, last) = Restore(checkpoint, optimizer);
        }

        adapters.SetTraining(true);
        var trainable = optimizer.States.Select(s => (Tensor)s.Parameter).ToList();
        var stepTime = TimeSpan.Zero;
        var stepsRun = 0;
        for (var step = startStep; step < settings.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            using (var scope = torch.NewDisposeScope())
            {
                if (settings.Method == TrainingMethod.LoraSculpt && step == settings.PruneStep && !Masks.IsActive)
                    PruneAndEnforce(optimizer);
                var taskLoss = task.TaskLoss(sampler.Next(settings.BatchSize));
                var loss = objective.Compute(taskLoss, out last);
                if (!last.IsFinite)
                    throw new NonFiniteLossException(step, last.ToDictionary());
                loss.backward();
                SparseStep.Apply(Masks, trainable, settings.GradClip, optimizer, schedule.Factor(step), cmrMeter is null ? null : () => cmrMeter.Record(Masks));
            }
            watch.Stop();
            stepTime += watch.Elapsed;
            stepsRun++;
            var done = step + 1;
            progress?.Report(new TrainProgress(done, settings.Steps, last.Total, SamplesPerSecond(stepsRun, stepTime))
            {
                Curve = MeasureCurve(done, cancellationToken),
            });
            if (checkpointDirectory is not null && settings.CheckpointEvery > 0 && done % settings.CheckpointEvery == 0 && done < settings.Steps)
                Capture(done, optimizer, sampler, last).Save(checkpointDirectory);
        }
        adapters.SetTraining(false);
        return new FineTuneResult(last, settings.Steps, startStep,
            stepsRun == 0 ? 0 : stepTime.TotalMilliseconds / stepsRun,
            SamplesPerSecond(stepsRun, stepTime), total.Elapsed)
        {
            CmrGradientRatio = cmrMeter is null || cmrMeter.Steps == 0 ? null : cmrMeter.Mean,
            CmrGradientRatioLast = cmrMeter is null || cmrMeter.Steps == 0 ? null : cmrMeter.Last,
            MaskInitialOverlapA = initialA.Overlaps(Masks),
        };
    }

    /// <summary>
    /// A curve point after <paramref name="step"/> steps when one is due. Greedy evaluation draws no random numbers and
    /// runs without gradients; dropout is switched off for it and back on after, so training continues exactly as without it.
    /// </summary>
    private ForgettingCurvePoint? MeasureCurve(int step, CancellationToken cancellationToken)
    {
        if (CurveProbe is null || settings.EvalEvery <= 0 || step % settings.EvalEvery != 0)
            return null;
        adapters.SetTraining(false);
        try
        {
            using var noGrad = torch.no_grad();
            var score = CurveProbe.Measure(cancellationToken);
            return new ForgettingCurvePoint(step, score.Source, score.Target);
        }
        finally
        {
            adapters.SetTraining(true);
        }
    }

    private InitialValues InitialA() => new(settings.Method == TrainingMethod.LoraSculpt
        ? adapters.Modules.ToDictionary(m => m.Name, m => (m.Adapter.A, m.Adapter.A.detach().clone().DetachFromDisposeScope()), StringComparer.Ordinal)
        : []);

    /// <summary>Copies of every A as initialised, to tell a learnt mask from a re-selection of the largest initial values.</summary>
    private sealed class InitialValues(Dictionary<string, (TorchSharp.Modules.Parameter Parameter, Tensor Initial)> byModule) : IDisposable
    {
        public Dictionary<string, double> Overlaps(SparsityMasks masks) => byModule
            .Where(m => masks.MaskOf(m.Value.Parameter) is not null)
            .ToDictionary(m => m.Key, m => MaskInitialOverlap.Of(masks.MaskOf(m.Value.Parameter)!, m.Value.Initial), StringComparer.Ordinal);

        public void Dispose()
        {
            foreach (var (_, initial) in byModule.Values) initial.Dispose();
        }
    }

    private double SamplesPerSecond(int steps, TimeSpan time) =>
        time.TotalSeconds > 0 ? steps * (double)settings.BatchSize / time.TotalSeconds : 0;

    private void PruneAndEnforce(AdamW optimizer)
    {
        // The connector's LoRA is sparsified softly by beta's L1 term (supplementary); hard-pruned only on request.
        var factors = adapters.Modules.Where(m => !m.IsConnector || settings.PruneConnector).SelectMany(m => new[]
        {
            ($"{m.PeftPrefix}.lora_A.weight", m.Adapter.A, settings.DensityA),
            ($"{m.PeftPrefix}.lora_B.weight", m.Adapter.B, settings.DensityB),
        });
        Masks.Prune(factors);
        Masks.Enforce(MaskableState(optimizer));
    }

    private static IEnumerable<(TorchSharp.Modules.Parameter, Tensor[])> MaskableState(AdamW optimizer) => SparseStep.MaskableState(optimizer);

    private TrainingCheckpoint Capture(int step, AdamW optimizer, EpochSampler sampler, LossTerms last)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var s in optimizer.States)
        {
            tensors[$"param/{s.Name}"] = s.Parameter;
            tensors[$"exp_avg/{s.Name}"] = s.ExpAvg;
            tensors[$"exp_avg_sq/{s.Name}"] = s.ExpAvgSq;
        }
        foreach (var (name, mask) in Masks.ByName) tensors[$"mask/{name}"] = mask;
        byte[] generatorState;
        using (var state = generator.get_state())
            generatorState = state.data<byte>().ToArray();
        return new TrainingCheckpoint(step, optimizer.StepCount, sampler.Epoch, sampler.Position, generatorState, SettingsFingerprint, last, tensors);
    }

    private (int Step, EpochSampler Sampler, LossTerms Last) Restore(TrainingCheckpoint checkpoint, AdamW optimizer)
    {
        try
        {
            if (checkpoint.SettingsFingerprint != SettingsFingerprint)
                throw new InvalidOperationException($"Checkpoint at step {checkpoint.Step} was written by different settings; refusing to resume from it.");
            using var noGrad = torch.no_grad();
            Tensor Get(string key) => checkpoint.Tensors.TryGetValue(key, out var t)
                ? t : throw new InvalidDataException($"Checkpoint at step {checkpoint.Step} lacks '{key}'.");
            foreach (var s in optimizer.States)
            {
                s.Parameter.copy_(Get($"param/{s.Name}"));
                s.ExpAvg.copy_(Get($"exp_avg/{s.Name}"));
                s.ExpAvgSq.copy_(Get($"exp_avg_sq/{s.Name}"));
            }
            optimizer.StepCount = checkpoint.OptimizerSteps;
            var byName = optimizer.States.ToDictionary(s => s.Name, s => s.Parameter, StringComparer.Ordinal);
            foreach (var (key, tensor) in checkpoint.Tensors.Where(t => t.Key.StartsWith("mask/", StringComparison.Ordinal)))
            {
                var name = key["mask/".Length..];
                Masks.Add(name, byName[name], tensor.clone().DetachFromDisposeScope());
            }
            using (var state = torch.tensor(checkpoint.GeneratorState, ScalarType.Byte))
                generator.set_state(state);
            return (checkpoint.Step, new EpochSampler(task.TrainSampleCount, settings.Seed, checkpoint.SamplerEpoch, checkpoint.SamplerPosition), checkpoint.LastLoss);
        }
        finally
        {
            foreach (var t in checkpoint.Tensors.Values) t.Dispose();
        }
    }
}
