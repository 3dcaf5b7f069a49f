using System.Diagnostics;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// The fine-tuning loop: AdamW (adapters at lr, a fully trained connector at connector_lr), cosine
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

    /// <summary>The masks LoRASculpt computed (empty for other methods or before prune_step).</summary>
    public SparsityMasks Masks { get; } = new();

    /// <summary>A fingerprint of everything that shapes training, so a checkpoint is only resumed by the same trial.</summary>
    public string SettingsFingerprint =>
        $"{settings.MethodName}|{settings.BaseModel}|{settings.TargetTask}|" +
        string.Join(";", settings.ToCanonicalParameters().Where(p => p.Key != ParameterNames.CheckpointEvery).Select(p => $"{p.Key}={p.Value}"));

    public FineTuneResult Run(string? checkpointDirectory, IProgress<TrainProgress>? progress, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var parameters = adapters.AdapterParameters.Select(p => (p.Name, p.Parameter, settings.LearningRate))
            .Concat(adapters.FullConnectorParameters.Select(p => (p.Name, p.Parameter, settings.ConnectorLearningRate)))
            .ToList();
        using var optimizer = new AdamW(parameters, settings.WeightDecay);
        using var objective = new TrainingObjective(settings, adapters);
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
                if (settings.GradClip > 0) GradientClipping.ClipByGlobalNorm(trainable, settings.GradClip);
                optimizer.Step(schedule.Factor(step));
                Masks.Enforce(MaskableState(optimizer));
                optimizer.ZeroGrad();
            }
            watch.Stop();
            stepTime += watch.Elapsed;
            stepsRun++;
            var done = step + 1;
            progress?.Report(new TrainProgress(done, settings.Steps, last.Total, SamplesPerSecond(stepsRun, stepTime)));
            if (checkpointDirectory is not null && settings.CheckpointEvery > 0 && done % settings.CheckpointEvery == 0 && done < settings.Steps)
                Capture(done, optimizer, sampler, last).Save(checkpointDirectory);
        }
        adapters.SetTraining(false);
        return new FineTuneResult(last, settings.Steps, startStep,
            stepsRun == 0 ? 0 : stepTime.TotalMilliseconds / stepsRun,
            SamplesPerSecond(stepsRun, stepTime), total.Elapsed);
    }

    private double SamplesPerSecond(int steps, TimeSpan time) =>
        time.TotalSeconds > 0 ? steps * (double)settings.BatchSize / time.TotalSeconds : 0;

    private void PruneAndEnforce(AdamW optimizer)
    {
        var factors = adapters.Modules.SelectMany(m => new[]
        {
            ($"{m.PeftPrefix}.lora_A.weight", m.Adapter.A, settings.DensityA),
            ($"{m.PeftPrefix}.lora_B.weight", m.Adapter.B, settings.DensityB),
        });
        Masks.Prune(factors);
        Masks.Enforce(MaskableState(optimizer));
    }

    private static IEnumerable<(TorchSharp.Modules.Parameter, Tensor[])> MaskableState(AdamW optimizer) =>
        optimizer.States.Select(s => (s.Parameter, new[] { s.ExpAvg, s.ExpAvgSq }));

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
