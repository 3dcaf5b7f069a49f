using System.Diagnostics;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Data;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;
using TorchSharp;

namespace LoRASculpt.Training.Pretraining;

/// <summary>
/// Trains the whole MLLM (vision tower, connector, LM) from scratch on a round-robin mix of the source tasks.
/// Deterministic for a seed on CPU with a fixed thread count: the seed fixes the initial weights and the data stream.
/// </summary>
public static class BasePretrainer
{
    private const int LossWindow = 50;

    public static (LlavaForConditionalGeneration Model, PretrainingReport Report) Pretrain(
        MllmConfig config,
        WordTokenizer tokenizer,
        PretrainingOptions options,
        long seed,
        IProgress<PretrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (tokenizer.VocabSize > config.Text.VocabSize)
            throw new ArgumentException($"Tokenizer has {tokenizer.VocabSize} tokens but the model's vocabulary is {config.Text.VocabSize}.", nameof(tokenizer));

        var model = LlavaForConditionalGeneration.Create(config, seed);
        try
        {
            model.train();
            var parameters = model.parameters().ToArray();
            using var optimizer = torch.optim.AdamW(parameters, lr: options.LearningRate, weight_decay: options.WeightDecay);
            var stream = new SourceTaskStream(options.Tasks, (int)(seed & 0x7FFFFFFF));
            var recent = new Queue<double>();
            var clock = Stopwatch.StartNew();
            for (var step = 0; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var lr = options.LearningRateAt(step);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
                using var batch = BatchCollator.ForTraining(stream.Next(options.BatchSize), tokenizer);
                optimizer.zero_grad();
                var loss = model.ComputeLoss(batch);
                loss.backward();
                if (options.GradClip > 0) torch.nn.utils.clip_grad_norm_(parameters, options.GradClip);
                optimizer.step();
                var value = loss.item<float>();
                if (!double.IsFinite(value)) throw new InvalidOperationException($"Pretraining loss became {value} at step {step}.");
                recent.Enqueue(value);
                if (recent.Count > LossWindow) recent.Dequeue();
                if (step % 25 == 0 || step == options.Steps - 1)
                    progress?.Report(new PretrainingProgress(step + 1, options.Steps, value, lr, clock.Elapsed));
            }
            clock.Stop();
            model.eval();
            var report = new PretrainingReport(options.Steps, options.BatchSize, clock.Elapsed, recent.Average(), clock.Elapsed.TotalMilliseconds / options.Steps);
            return (model, report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>An endless stream of fresh training items: batch slot j takes the next item of task j mod #tasks.</summary>
    private sealed class SourceTaskStream(IReadOnlyList<string> tasks, int seed)
    {
        private readonly int[] nextIndex = new int[tasks.Count];
        private int slot;

        public IReadOnlyList<BenchmarkSample> Next(int count)
        {
            var samples = new BenchmarkSample[count];
            for (var i = 0; i < count; i++)
            {
                var t = slot++ % tasks.Count;
                samples[i] = BenchmarkData.GenerateOne(tasks[t], BenchmarkData.TrainSplit, seed, nextIndex[t]++);
            }
            return samples;
        }
    }
}
