using LoRASculpt.Benchmarks.Checkpoints;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Datasets;
using LoRASculpt.Training.Finetuning;
using LoRASculpt.Training.Suites;
using TorchSharp;

namespace LoRASculpt.Benchmarks.RealModels;

/// <summary>
/// Fine-tunes the opened checkpoint with lora and lorasculpt in turn (the order alternating per repeat so machine noise
/// hits both alike), attaching fresh adapters each run and detaching them after, and prints per-repeat and overall step
/// times of the steps after pruning, the lorasculpt/lora ratio, and the peak RSS of training over the loaded model.
/// </summary>
internal sealed class StepTimeComparison(LlavaCheckpoint checkpoint, IReadOnlyList<TrainingConversation> conversations, TrainingPlan plan)
{
    private const double MB = 1024 * 1024;

    public void Run(string precision)
    {
        var collator = new ConversationBatchCollator(checkpoint.Tokenizer, checkpoint.Images, checkpoint.TokenOptions);
        var task = new ConversationFinetuningTask(checkpoint.Model, collator, conversations);
        GC.Collect();
        NativeHeap.TryTrim();
        ProcessMemory.TryResetPeak();
        var before = ProcessMemory.ResidentBytes();
        Console.WriteLine($"training, {precision} compute ({checkpoint.Model.ActivationDtype}): batch {plan.BatchSize}, {SequenceLength(collator)} text ids per row " +
                          $"(the <image> id becomes {checkpoint.Config.ImageTokenCount} image features), rank {plan.Rank}, {plan.Steps} steps, prune_step {plan.PruneStep}: " +
                          $"timing steps {plan.PruneStep + 1}..{plan.Steps - 1}, {plan.Repeats} repeats");

        var stepsByMethod = TrainingPlan.Methods.ToDictionary(m => m, _ => new List<double>());
        var repeatMeans = TrainingPlan.Methods.ToDictionary(m => m, _ => new List<double>());
        for (var r = 0; r < plan.Repeats; r++)
        foreach (var method in r % 2 == 0 ? TrainingPlan.Methods : TrainingPlan.Methods.Reverse())
        {
            var (steps, firstMs, loss) = TimeOneRun(plan.Settings(method), task);
            stepsByMethod[method].AddRange(steps);
            repeatMeans[method].Add(steps.Average());
            Console.WriteLine($"  {precision} {method,-10} repeat {r}: steps {string.Join(" ", steps.Select(s => s.ToString("F0")))} ms " +
                              $"(mean {steps.Average():F0}); setup + step 0 {firstMs:F0} ms; last loss {loss:F4}; VmHWM so far {ProcessMemory.PeakResidentBytes() / MB:F0} MB");
        }

        foreach (var method in TrainingPlan.Methods)
        {
            var all = stepsByMethod[method].Order().ToList();
            Console.WriteLine($"{precision} {method,-10}: mean {repeatMeans[method].Average():F0} ms/step +- {StandardDeviation(repeatMeans[method]):F0} (sd of {plan.Repeats} repeat means); " +
                              $"per step min {all[0]:F0} / median {Median(all):F0} / max {all[^1]:F0} ms; {plan.BatchSize * 1000 / repeatMeans[method].Average():F2} samples/s");
        }
        var lora = stepsByMethod[TrainingMethods.Lora];
        var sculpt = stepsByMethod[TrainingMethods.LoraSculpt];
        Console.WriteLine($"{precision} lorasculpt/lora step time: {sculpt.Average() / lora.Average():F3} (means), {Median(sculpt.Order().ToList()) / Median(lora.Order().ToList()):F3} (medians)");
        var peak = ProcessMemory.PeakResidentBytes();
        Console.WriteLine($"{precision} training RSS: before {before / MB:F0} MB (model loaded), peak {peak / MB:F0} MB, increase {(peak - before) / MB:F0} MB");
    }

    private (IReadOnlyList<double> Steps, double FirstMs, double Loss) TimeOneRun(TrialSettings settings, ConversationFinetuningTask task)
    {
        using var generator = new torch.Generator((ulong)settings.Seed);
        using var adapters = AdapterInjector.Inject(checkpoint.Model, settings, generator);
        var timer = new StepTimer();
        var tuner = new FineTuner(settings, adapters, task, generator);
        using var masks = tuner.Masks;
        timer.Start();
        tuner.Run(checkpointDirectory: null, timer, CancellationToken.None);
        return (timer.StepMilliseconds(afterStep: plan.PruneStep), timer.FirstStepMilliseconds, timer.LastLoss);
    }

    private int SequenceLength(ConversationBatchCollator collator)
    {
        using var scope = torch.NewDisposeScope();
        return (int)collator.Collate(conversations.Take(plan.BatchSize).ToList()).InputIds.shape[1];
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
