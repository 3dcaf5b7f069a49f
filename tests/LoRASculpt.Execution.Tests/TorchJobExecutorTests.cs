using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Execution;
using LoRASculpt.Storage.Files;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Execution.Tests;

/// <summary>
/// Real torch training jobs on two "machines" (directories) sharing one artifact store: the first pretrains the
/// base (2 steps) and says so in its progress, the second downloads that base instead.
/// </summary>
public sealed class TorchJobExecutorTests : IDisposable
{
    private static readonly PretrainingOptions Pretraining = new() { Steps = 2, BatchSize = 4, WarmupSteps = 1 };
    private static readonly TrialConfig Config = new("micro-llava", "icon-mc", ["shape-vqa"], "lora",
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["steps"] = "3", ["batch_size"] = "4", ["train_samples"] = "8", ["eval_samples"] = "4",
        }), "torch");
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("lorasculpt-torch-exec-");

    [Fact]
    public async Task A_job_reports_pretraining_its_base_before_fine_tuning_and_the_next_machine_downloads_that_base()
    {
        var store = new FileArtifactStore(Path.Combine(_root.FullName, "store"));

        var first = Train(store, "a");
        var second = Train(store, "b");

        Assert.Equal([(TrainingPhase.PretrainingBase, 1), (TrainingPhase.PretrainingBase, 2), (TrainingPhase.FineTuning, 1),
            (TrainingPhase.FineTuning, 2), (TrainingPhase.FineTuning, 3)], first.Select(p => (p.Phase, p.Step)));
        Assert.All(second, p => Assert.Equal(TrainingPhase.FineTuning, p.Phase));
        Assert.Equal(File.ReadAllBytes(LocalBase("a")), File.ReadAllBytes(LocalBase("b")));
        Assert.Equal([BaseModelStore.FileName], (await store.ListAsync("base-models")).Select(Path.GetFileName));
    }

    [Fact]
    public void Curve_points_go_out_with_the_step_that_measured_them_and_all_of_them_with_the_outcome()
    {
        var store = new FileArtifactStore(Path.Combine(_root.FullName, "store"));
        var config = Config with { Hyperparameters = Config.Hyperparameters.Add("eval_every", "1").Add("curve_samples", "2") };
        var progress = new Recorder();
        using var executor = new TorchJobExecutor(store, new TorchJobExecutorOptions
        {
            LocalDirectory = Path.Combine(_root.FullName, "curves"),
            Pretraining = Pretraining,
        }, "worker-curves");

        var outcome = executor.Train(new TrainingJob("t-curves/a1/train", "t-curves", 1, config), progress, CancellationToken.None);

        var fineTuning = progress.Reports.Where(p => p.Phase == TrainingPhase.FineTuning).ToArray();
        Assert.Equal([1, 2, 3], fineTuning.Select(p => p.Step));
        Assert.All(fineTuning, p => Assert.Equal(p.Step, Assert.Single(p.Curve).Step));
        Assert.Equal(fineTuning.Select(p => p.Curve[0]), outcome.Curve.AsEnumerable());
    }

    public void Dispose() => _root.Delete(recursive: true);

    private List<JobProgress> Train(FileArtifactStore store, string machine)
    {
        var progress = new Recorder();
        using var executor = new TorchJobExecutor(store, new TorchJobExecutorOptions
        {
            LocalDirectory = Path.Combine(_root.FullName, machine),
            Pretraining = Pretraining,
        }, $"worker-{machine}");
        executor.Train(new TrainingJob($"t-{machine}/a1/train", $"t-{machine}", 1, Config), progress, CancellationToken.None);
        return progress.Reports;
    }

    private string LocalBase(string machine) =>
        new BaseModelStore(Path.Combine(_root.FullName, machine, "base-models"))
            .PathFor(LoRASculpt.Core.Models.ModelPresets.Get("micro-llava"), new LoRASculpt.Training.TrialRunnerOptions().BaseSeed, Pretraining);

    /// <summary>Synchronous, unlike <see cref="Progress{T}"/>: reports are recorded in order on the job thread.</summary>
    private sealed class Recorder : IProgress<JobProgress>
    {
        public List<JobProgress> Reports { get; } = [];

        public void Report(JobProgress value) => Reports.Add(value);
    }
}
