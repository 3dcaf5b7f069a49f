using System.Collections.Immutable;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Placement;
using LoRASculpt.Grains.Trials;
using Orleans.Runtime;

namespace LoRASculpt.Grains.Tests.Units;

public sealed class SyntheticExecutorTests
{
    private static TrialConfig Config(params (string Key, string Value)[] hyperparameters) =>
        new("tiny-llava", "scene-captions", ["shape-vqa", "count-vqa", "text-ocr"], "lora",
            hyperparameters.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), "synthetic");

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(24)]
    public void Any_sharding_scores_exactly_like_one_pass_for_every_metric(int shards)
    {
        var config = Config();
        var training = new TrainingOutcome("adapters/t/a1/synthetic", new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, 0, ImmutableSortedDictionary<string, string>.Empty), TimeSpan.Zero, 0);
        EvalShardOutcome[] Outcomes(int n) => [.. TrialScoring.Datasets(config).SelectMany(d => Enumerable.Range(0, n).Select(i =>
            new EvalShardOutcome(d, i, n, SyntheticEvaluation.ShardItems("t-1", d, i, n), TimeSpan.Zero, SyntheticJobExecutor.SuiteVersion)))];

        var whole = TrialScoring.Score(config, training, Outcomes(1));
        var sharded = TrialScoring.Score(config, training, Outcomes(shards).Reverse().ToArray());

        Assert.Equal(whole.Tasks.Select(t => (t.Task, t.Metric, t.Score, t.Samples)), sharded.Tasks.Select(t => (t.Task, t.Metric, t.Score, t.Samples)));
        Assert.Equal((whole.Source, whole.Target, whole.Avg), (sharded.Source, sharded.Target, sharded.Avg));
        Assert.Equal("CiderD", whole.Tasks[0].Metric);
        Assert.Equal(SuiteScore.Compute(whole.Tasks.ToDictionary(t => t.Task, t => t.Score), "scene-captions", ["shape-vqa", "count-vqa", "text-ocr"]).Avg, whole.Avg);
        Assert.All(whole.Tasks, t => Assert.Equal(SyntheticEvaluation.ItemsPerDataset, t.Samples));
    }

    [Fact]
    public void Training_waits_its_duration_and_fails_its_first_attempts_transiently()
    {
        using var executor = new SyntheticJobExecutor();
        var config = Config(("duration_ms", "30"), ("fail_attempts", "1"));
        var progress = new List<JobProgress>();

        var failure = Assert.Throws<JobFailedException>(() => executor.Train(new TrainingJob("j", "t", 1, config), new Progress(progress), CancellationToken.None));
        var outcome = executor.Train(new TrainingJob("j", "t", 2, config), new Progress(progress), CancellationToken.None);

        Assert.Equal(JobFailureKind.Transient, failure.Kind);
        Assert.True(outcome.Duration >= TimeSpan.FromMilliseconds(30));
        Assert.Equal("adapters/t/a2/synthetic", outcome.AdapterKey);
        Assert.Equal(new JobProgress(0, 1, progress[0].Loss, 0), progress[0]);
    }

    [Fact]
    public void Training_stops_when_cancelled()
    {
        using var executor = new SyntheticJobExecutor();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            executor.Train(new TrainingJob("j", "t", 1, Config(("duration_ms", "600000"))), new Progress([]), cancellation.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Worker_keys_round_trip_the_silo_address_and_slot()
    {
        var silo = SiloAddress.New(System.Net.IPAddress.Loopback, 11111, 42);
        var key = WorkerKeys.For(silo, 3);

        Assert.Equal(silo, WorkerKeys.SiloOf(key));
        Assert.Equal(3, WorkerKeys.SlotOf(key));
        Assert.Throws<ArgumentException>(() => WorkerKeys.SiloOf("no-slot"));
    }

    private sealed class Progress(List<JobProgress> sink) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => sink.Add(value);
    }
}
