using LoRASculpt.Core.Settings;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Finetuning;

/// <summary>
/// Fine-tuning the shipped base model gives the same bits with 1 and 2 torch threads, and on a rerun: the tensors of
/// tiny-llava at batch 16 are large enough for ATen's and MKL's kernels to split work between threads.
/// </summary>
public sealed class ThreadDeterminismTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "lorasculpt-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void One_and_two_threads_and_a_rerun_fine_tune_to_identical_adapters_and_losses()
    {
        var settings = TrialSettings.Create("lorasculpt", "tiny-llava", "icon-mc", [], new Dictionary<string, string>
        {
            ["steps"] = "4", ["prune_step"] = "2", ["train_samples"] = "64", ["checkpoint_every"] = "0",
        });
        var before = torch.get_num_threads();
        try
        {
            var one = Train(settings, threads: 1, "one");
            var two = Train(settings, threads: 2, "two");
            var again = Train(settings, threads: 2, "again");
            Assert.Equal(one.Bytes, two.Bytes);
            Assert.Equal(two.Bytes, again.Bytes);
            Assert.Equal(one.Losses, two.Losses);
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    private (byte[] Bytes, IReadOnlyDictionary<string, double> Losses) Train(TrialSettings settings, int threads, string name)
    {
        torch.set_num_threads(threads);
        using var runner = new TrialRunner(Path.Combine(directory, name));
        var path = Path.Combine(directory, $"{name}.safetensors");
        var result = runner.Train(settings, new TrainOptions(path), null, CancellationToken.None);
        Assert.Equal(threads, torch.get_num_threads());
        // The adapter file's metadata holds no time or thread count, so its bytes compare the trained tensors.
        return (File.ReadAllBytes(path), result.Diagnostics.FinalLossTerms);
    }
}
