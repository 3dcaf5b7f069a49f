using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Expansion;
using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Client;

/// <summary>
/// What the CLI calls, the same in embedded and cluster mode (it only needs an <see cref="IGrainFactory"/>:
/// the embedded silo's, or a cluster client's). Methods taking a sweep id accept a unique prefix of it and
/// return null when no sweep matches.
/// </summary>
public sealed class SweepClient(IGrainFactory grains)
{
    public static readonly TimeSpan DefaultWatchInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Submits a validated spec. Submitting the same spec again resumes the existing sweep (Created = false).</summary>
    public Task<SweepSubmission> SubmitAsync(SweepSpec spec) =>
        grains.GetGrain<ISweepGrain>(SweepIds.For(spec)).Submit(spec);

    public Task<ImmutableArray<SweepSummary>> ListAsync() =>
        grains.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key).List();

    public async Task<SweepStatus?> GetStatusAsync(string sweepId) =>
        await ResolveAsync(sweepId) is { } id ? await Sweep(id).GetStatus() : null;

    public async Task<SweepResults?> GetResultsAsync(string sweepId) =>
        await ResolveAsync(sweepId) is { } id ? await Sweep(id).GetResults() : null;

    public async Task<SweepSpec?> GetSpecAsync(string sweepId) =>
        await ResolveAsync(sweepId) is { } id ? await Sweep(id).GetSpec() : null;

    public async Task<SweepStatus?> CancelAsync(string sweepId) =>
        await ResolveAsync(sweepId) is { } id ? await Sweep(id).Cancel() : null;

    /// <summary>Re-enqueues every trial that is not completed or failed; completed trials are never re-run.</summary>
    public async Task<SweepStatus?> ResumeAsync(string sweepId) =>
        await ResolveAsync(sweepId) is { } id ? await Sweep(id).Resume() : null;

    /// <summary>
    /// Yields the sweep's status every <paramref name="interval"/> until it is finished (the last status
    /// yielded is the finished one). Yields nothing when no sweep matches.
    /// </summary>
    public async IAsyncEnumerable<SweepStatus> WatchAsync(string sweepId, TimeSpan? interval = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (await ResolveAsync(sweepId) is not { } id)
            yield break;
        var sweep = Sweep(id);
        using var timer = new PeriodicTimer(interval ?? DefaultWatchInterval);
        while (true)
        {
            var status = await sweep.GetStatus();
            if (status is null)
                yield break;
            yield return status;
            if (status.IsFinished)
                yield break;
            if (!await timer.WaitForNextTickAsync(cancellationToken))
                yield break;
        }
    }

    public Task<SchedulerStats> GetSchedulerStatsAsync() =>
        grains.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.Key).GetStats();

    /// <summary>The full id of the one sweep whose id starts with <paramref name="idOrPrefix"/>; null when none.</summary>
    /// <exception cref="ArgumentException">The prefix matches several sweeps.</exception>
    public async Task<string?> ResolveAsync(string idOrPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrPrefix);
        if (await Sweep(idOrPrefix).GetSpec() is not null)
            return idOrPrefix;
        var matches = (await ListAsync()).Where(s => s.SweepId.StartsWith(idOrPrefix, StringComparison.Ordinal)).Select(s => s.SweepId).ToArray();
        return matches.Length switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new ArgumentException($"Sweep id prefix '{idOrPrefix}' matches {matches.Length} sweeps: {string.Join(", ", matches)}.", nameof(idOrPrefix)),
        };
    }

    private ISweepGrain Sweep(string id) => grains.GetGrain<ISweepGrain>(id);
}

public static class SweepClientExtensions
{
    public static IServiceCollection AddSweepClient(this IServiceCollection services)
    {
        services.AddSingleton<SweepClient>();
        return services;
    }
}
