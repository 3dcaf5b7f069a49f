using System.Diagnostics;
using LoRASculpt.Benchmarks.Checkpoints;
using LoRASculpt.Core.Models;
using LoRASculpt.Training;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Finetuning;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Benchmarks.RealModels;

/// <summary>
/// A real-checkpoint-shaped LLaVA-1.5 on CPU: writes a random bf16 checkpoint of 767M parameters (1.53 GB, llava-hf
/// layout, 2+ shards, the 400-piece tokenizer), then prints how long <see cref="LlavaCheckpoint.Open"/> takes and its
/// peak-RSS increase relative to the checkpoint (goal ~1x), and the lora vs lorasculpt fine-tuning step time on it in
/// bf16 and fp32 compute, with the peak RSS of training. The files were just written, so the load reads the page cache.
/// Sizes: --small (a 29 MiB model for checking the benchmark runs), --vision-layers/--vision-hidden/--vision-intermediate/
/// --vision-heads/--image-size/--patch-size, --text-layers/--hidden/--intermediate/--heads/--kv-heads.
/// Training: [--steps N] (5) [--prune-step N] (1; steps after it are timed) [--repeats N] (3) [--batch N] (2) [--rank N] (8)
/// [--precision bf16,fp32] [--skip-train]. Other: [--threads N] [--shard-mb N] (default: a third of the checkpoint)
/// [--dir PATH] (default a temp dir, deleted).
/// </summary>
public sealed class RealModelBenchmark : IBenchmark
{
    private const double MB = 1024 * 1024;
    private const double GB = MB * 1024;

    public string Name => "real-model";

    public string Description => "LLaVA-1.5-shaped bf16 checkpoint (~1.5 GB): load time, RSS vs size, lora vs lorasculpt step time";

    public int Run(string[] args)
    {
        TorchProcessSettings.Apply(); // before the first torch call loads libtorch
        if (BenchmarkArgs.Get(args, "--threads") is not null) torch.set_num_threads(BenchmarkArgs.Int(args, "--threads", 0));
        var config = RealModelShape.FromArgs(args);
        var training = TrainingPlan.FromArgs(args);
        var root = BenchmarkArgs.Get(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "lorasculpt-real-model-bench-" + Guid.NewGuid().ToString("N"));
        var deleteAfter = BenchmarkArgs.Get(args, "--dir") is null;
        var checkpointDirectory = Path.Combine(root, "checkpoint");
        Console.WriteLine(MachineFacts.Describe());
        Console.WriteLine($"config: {RealModelShape.Describe(config)}");

        try
        {
            var checkpointBytes = WriteCheckpoint(config, checkpointDirectory, args);
            var computeDtypes = training.Precisions.Select(Precision.ComputeDtype).ToList();
            var checkpoint = MeasureLoad(checkpointDirectory, checkpointBytes, computeDtypes.FirstOrDefault());
            try
            {
                if (args.Contains("--skip-train")) return 0;
                var conversations = SyntheticConversations.Write(Path.Combine(root, "images"), Math.Max(8, 4 * training.BatchSize));
                for (var i = 0; i < training.Precisions.Count; i++)
                {
                    if (i > 0)
                    {
                        // The compute dtype is fixed when the model is built: reopen (one model in memory at a time).
                        checkpoint.Dispose();
                        checkpoint = LlavaCheckpoint.Open(checkpointDirectory, new LlavaCheckpointOptions { ComputeDtype = computeDtypes[i] });
                    }
                    new StepTimeComparison(checkpoint, conversations, training).Run(training.Precisions[i]);
                }
            }
            finally
            {
                checkpoint.Dispose();
            }
            return 0;
        }
        finally
        {
            if (deleteAfter && Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <returns>The size of the safetensors files (tensor data plus their JSON headers).</returns>
    private static long WriteCheckpoint(MllmConfig config, string directory, string[] args)
    {
        var write = Stopwatch.StartNew();
        var estimatedBytes = EstimateParameters(config) * 2;
        var shardBytes = BenchmarkArgs.Get(args, "--shard-mb") is not null
            ? BenchmarkArgs.Int(args, "--shard-mb", 0) * (long)MB
            : estimatedBytes / 3 + 1; // 3 shards or so, like llava-hf's 7B
        var parameters = SyntheticCheckpoint.Write(config, directory, shardBytes, seed: 1234);
        var shards = Directory.GetFiles(directory, "*.safetensors");
        var checkpointBytes = shards.Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"parameters: {parameters:N0} ({parameters / 1e9:F3} B), bf16: {checkpointBytes / GB:F3} GiB in {shards.Length} shards " +
                          $"(largest {shards.Max(f => new FileInfo(f).Length) / MB:F0} MB), written in {write.Elapsed.TotalSeconds:F1} s");
        return checkpointBytes;
    }

    /// <summary>Opens the checkpoint in a process that holds nothing else of size, with the peak-RSS mark restarted.</summary>
    private static LlavaCheckpoint MeasureLoad(string directory, long checkpointBytes, ScalarType? computeDtype)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var trimmed = NativeHeap.TryTrim();
        var peakReset = ProcessMemory.TryResetPeak();
        var before = ProcessMemory.ResidentBytes();
        var open = Stopwatch.StartNew();
        var checkpoint = LlavaCheckpoint.Open(directory, new LlavaCheckpointOptions { ComputeDtype = computeDtype });
        var seconds = open.Elapsed.TotalSeconds;
        var peak = ProcessMemory.PeakResidentBytes();
        var after = ProcessMemory.ResidentBytes();
        var increase = peak - before;
        var report = checkpoint.Report;
        Console.WriteLine($"load: LlavaCheckpoint.Open {seconds:F2} s ({checkpointBytes / GB / seconds:F2} GiB/s; of which weights {report.Seconds:F2} s for " +
                          $"{report.TensorsLoaded} tensors, {report.BytesRead / GB:F3} GiB, {string.Join("/", report.DTypes)}; page cache warm)");
        Console.WriteLine($"load RSS: before {before / MB:F0} MB{(trimmed ? " (heap trimmed)" : "")}, peak {peak / MB:F0} MB{(peakReset ? "" : " (VmHWM not reset: includes writing)")}, " +
                          $"after {after / MB:F0} MB; peak increase {increase / MB:F0} MB = {increase / (double)checkpointBytes:F3}x the checkpoint (goal ~1x)");
        return checkpoint;
    }

    private static long EstimateParameters(MllmConfig c)
    {
        long v = c.Vision.HiddenSize, vi = c.Vision.IntermediateSize, h = c.Text.HiddenSize, ti = c.Text.IntermediateSize;
        var kv = h / c.Text.NumHeads * c.Text.NumKeyValueHeads;
        var vision = c.Vision.NumLayers * (4 * v * v + 2 * v * vi) + (c.Vision.NumPatches + 1) * v + 3L * c.Vision.PatchSize * c.Vision.PatchSize * v;
        var text = c.Text.NumLayers * (2 * h * h + 2 * h * kv + 3 * h * ti) + 2L * c.Text.VocabSize * h;
        return vision + v * h + h * h + text;
    }
}
