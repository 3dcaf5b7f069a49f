using System.Collections.Immutable;

namespace LoRASculpt.Contracts.Jobs;

/// <summary>A worker slot: one GPU, or one CPU slot, on one silo.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerInfo(
    [property: Id(0)] string WorkerId,
    /// <summary>The silo the worker is pinned to (SiloAddress parsable string).</summary>
    [property: Id(1)] string Silo,
    [property: Id(2)] int Slot,
    /// <summary>"cpu" or "cuda:N".</summary>
    [property: Id(3)] string Device,
    /// <summary>Trial kinds this worker has executors for ("torch", "synthetic").</summary>
    [property: Id(4)] ImmutableArray<string> ExecutorKinds);

[GenerateSerializer, Immutable]
public sealed record WorkerStatus(
    [property: Id(0)] WorkerInfo Info,
    [property: Id(1)] string? RunningJobId,
    [property: Id(2)] long JobsRun,
    [property: Id(3)] long JobsFailed,
    /// <summary>The silo the worker's activation actually runs on (equals <c>Info.Silo</c>: workers are pinned).</summary>
    [property: Id(4)] string HostSilo);

/// <summary>The scheduler's counters, for status output and benchmarks.</summary>
[GenerateSerializer, Immutable]
public sealed record SchedulerStats(
    [property: Id(0)] int QueuedJobs,
    [property: Id(1)] int AssignedJobs,
    [property: Id(2)] int Workers,
    [property: Id(3)] int IdleWorkers,
    [property: Id(4)] long JobsDispatched,
    [property: Id(5)] long LeasesExpired);
