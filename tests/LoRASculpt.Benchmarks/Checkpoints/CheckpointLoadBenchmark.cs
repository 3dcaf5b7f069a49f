using System.Diagnostics;
using System.Globalization;
using LoRASculpt.Training.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Benchmarks.Checkpoints;

/// <summary>
/// Writes a random bf16 checkpoint with LLaMA-like tensor shapes, sharded as transformers does, then reads every tensor
/// into preallocated bf16 tensors through <see cref="SafetensorsCheckpoint.ReadInto"/> and prints the load time and the
/// peak-RSS increase relative to the checkpoint size (goal: about 1x, the destination tensors themselves; the streaming
/// reader holds no copy). The files were just written, so reads come from the page cache: this measures the reader, not the disk.
/// Args: [--size-mb N] (default 1536) [--shard-mb N] (default half the size: 2+ shards; above 2048 with a larger size for a
/// shard over 2 GB) [--tensor-mb N] (adds one tensor of that size, e.g. 2100 for a tensor over 2 GB) [--dir PATH] (default a temp dir, deleted).
/// </summary>
public sealed class CheckpointLoadBenchmark : IBenchmark
{
    private const long MB = 1024 * 1024;

    public string Name => "checkpoint-load";

    public string Description => "bf16 sharded safetensors checkpoint: load time and peak RSS increase vs checkpoint size";

    public int Run(string[] args)
    {
        var sizeBytes = BenchmarkArgs.Int(args, "--size-mb", 1536) * MB;
        var shardBytes = BenchmarkArgs.Int(args, "--shard-mb", (int)((sizeBytes / MB + 1) / 2)) * MB;
        var extraTensorBytes = BenchmarkArgs.Int(args, "--tensor-mb", 0) * MB;
        var directory = BenchmarkArgs.Get(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "lorasculpt-ckpt-bench-" + Guid.NewGuid().ToString("N"));
        var deleteAfter = BenchmarkArgs.Get(args, "--dir") is null;
        Console.WriteLine($"load average: {BenchmarkArgs.LoadAverage()}, torch threads: {torch.get_num_threads()}, directory: {directory}");

        try
        {
            var shapes = LlamaLikeShapes.For(sizeBytes, extraTensorBytes);
            var generate = Stopwatch.StartNew();
            WriteRandomCheckpoint(directory, shapes, shardBytes);
            var files = Directory.GetFiles(directory, "*.safetensors").Order(StringComparer.Ordinal).ToList();
            var checkpointBytes = shapes.Sum(s => s.Shape.Aggregate(2L, (a, b) => a * b));
            Console.WriteLine($"wrote {shapes.Count} bf16 tensors, {checkpointBytes / (double)MB:F0} MB of tensor data, in {files.Count} file(s) " +
                              $"(largest {files.Max(f => new FileInfo(f).Length) / (double)MB:F0} MB) in {generate.Elapsed.TotalSeconds:F1} s; " +
                              $"hidden {shapes.Hidden}, intermediate {shapes.Intermediate}, {shapes.Layers} layers");

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var peakReset = ProcessMemory.TryResetPeak();
            var before = ProcessMemory.ResidentBytes();
            var peakBefore = ProcessMemory.PeakResidentBytes();

            var load = Stopwatch.StartNew();
            var targets = new List<Tensor>();
            long bytesRead = 0;
            using (var checkpoint = SafetensorsCheckpoint.Open(directory))
            {
                foreach (var key in checkpoint.Keys.Order(StringComparer.Ordinal))
                {
                    var info = checkpoint.TensorInfo(key);
                    var target = torch.empty(info.Shape, ScalarType.BFloat16);
                    checkpoint.ReadInto(key, target);
                    targets.Add(target);
                    bytesRead += info.ByteLength;
                }
            }
            var seconds = load.Elapsed.TotalSeconds;
            var peakAfter = ProcessMemory.PeakResidentBytes();
            var increase = peakAfter - before;

            Console.WriteLine($"load: {targets.Count} tensors, {bytesRead / (double)MB:F0} MB in {seconds:F2} s ({bytesRead / (double)MB / 1024 / seconds:F2} GB/s, page cache warm)");
            Console.WriteLine($"RSS before load {before / (double)MB:F0} MB; VmHWM before {peakBefore / (double)MB:F0} MB{(peakReset ? " (reset after generating)" : " (could not reset: includes generation)")}, " +
                              $"after {peakAfter / (double)MB:F0} MB; increase {increase / (double)MB:F0} MB = {increase / (double)checkpointBytes:F3}x the checkpoint " +
                              $"(goal ~1x: the destination tensors; overhead {(increase - checkpointBytes) / (double)MB:F0} MB)");
            foreach (var t in targets) t.Dispose();
            return 0;
        }
        finally
        {
            if (deleteAfter && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Every tensor is a view into one random pool at its own offset, so generating holds about one largest tensor rather than
    /// the whole checkpoint: otherwise the allocator would reuse the generator's freed pages for the load and hide its cost.
    /// </summary>
    private static void WriteRandomCheckpoint(string directory, LlamaLikeShapes shapes, long shardBytes)
    {
        const long Slack = 4096;
        using var scope = torch.NewDisposeScope();
        var largest = shapes.Max(s => s.Shape.Aggregate(1L, (a, b) => a * b));
        var pool = torch.randn([largest + Slack], ScalarType.BFloat16, generator: new Generator(1234));
        var tensors = shapes.Select((s, i) => new KeyValuePair<string, Tensor>(
            s.Name, pool.narrow(0, i * 61 % Slack, s.Shape.Aggregate(1L, (a, b) => a * b)).view(s.Shape))).ToList();
        SafetensorsWriter.WriteSharded(directory, tensors, shardBytes);
    }
}
