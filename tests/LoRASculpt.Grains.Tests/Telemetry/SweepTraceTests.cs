using System.Diagnostics;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Grains.Telemetry;
using LoRASculpt.Grains.Tests.Support;
using LoRASculpt.Grains.Placement;
using LoRASculpt.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Orleans.TestingHost;

namespace LoRASculpt.Grains.Tests.Telemetry;

/// <summary>One sweep on two silos is one trace: sweep span, a child span per trial, training and each eval shard under their trial.</summary>
public sealed class SweepTraceTests
{
    [Fact]
    public async Task Spans_of_one_sweep_share_one_trace_id_across_two_silos()
    {
        using var tracing = InMemoryTracing.Start();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(OrchestrationStorage.Name);
            silo.AddSweepOrchestration(o => o.RetryBackoff = TimeSpan.FromMilliseconds(10));
            silo.AddWorkerSlots(o => o.CpuSlots = 2);
            silo.AddLoRASculptTracing();
            silo.Services.AddSingleton(new ExecutionLog());
            silo.Services.AddJobExecutorFactory<CountingSyntheticExecutorFactory>();
        });
        builder.ConfigureClient(client => client.AddLoRASculptTracing());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var sweeps = new SweepClient(cluster.Client);

        var submission = await sweeps.SubmitAsync(SyntheticSweeps.Seeds("traced", count: 8, durationMs: 10, evalShards: 2));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await sweeps.GetStatusAsync(submission.SweepId))?.IsFinished != true && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        var spans = tracing.Spans();

        var sweep = Assert.Single(spans, s => s.DisplayName == SpanNames.Sweep && (string?)s.GetTagItem(SpanNames.SweepIdTag) == submission.SweepId);
        var trace = spans.Where(s => s.TraceId == sweep.TraceId).ToList();
        var trials = trace.Where(s => s.DisplayName == SpanNames.Trial).ToList();
        var trainings = trace.Where(s => s.DisplayName == SpanNames.Training).ToList();
        var shards = trace.Where(s => s.DisplayName == SpanNames.EvalShard).ToList();
        var ids = trace.Select(s => s.SpanId).ToHashSet();

        Assert.True(trials.Count == 8, $"{trials.Count} trial spans in the sweep's trace; all trial spans: {string.Join(", ", spans.Where(s => s.DisplayName == SpanNames.Trial).Select(s => $"{s.TraceId}/{s.ParentSpanId}"))}; sweep {sweep.TraceId}");
        Assert.Equal(8, trainings.Count);
        // Target + two sources, two shards each.
        Assert.Equal(8 * 3 * 2, shards.Count);
        Assert.All(trials, t => Assert.Contains(t.ParentSpanId, ids));
        var trialSpanIds = trials.ToDictionary(t => (string)t.GetTagItem(SpanNames.TrialIdTag)!, t => t.SpanId);
        Assert.All(trainings.Concat(shards), job => Assert.Equal(trialSpanIds[(string)job.GetTagItem(SpanNames.TrialIdTag)!], job.ParentSpanId));
        // Jobs ran on workers of both silos, and their spans are still in the sweep's trace.
        var silos = trainings.Concat(shards).Select(s => WorkerKeys.SiloOf((string)s.GetTagItem(SpanNames.WorkerIdTag)!)).Distinct().Count();
        Assert.Equal(2, silos);
        await cluster.StopAllSilosAsync();
    }
}
