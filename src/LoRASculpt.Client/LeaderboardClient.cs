using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using LoRASculpt.Contracts.Leaderboard;

namespace LoRASculpt.Client;

/// <summary>
/// What the CLI and the HTTP endpoint call: the same queries in embedded and cluster mode (any <see cref="IGrainFactory"/>).
/// </summary>
public sealed class LeaderboardClient(IGrainFactory grains)
{
    public async Task<ImmutableArray<LeaderboardBoard>> BoardsAsync()
    {
        var keys = await grains.GetGrain<ILeaderboardRegistryGrain>(ILeaderboardRegistryGrain.Key).Boards();
        var boards = await Task.WhenAll(keys.Select(k => grains.GetGrain<ILeaderboardIndexGrain>(k).Describe()));
        return [.. boards];
    }

    public Task<LeaderboardPage> TopAsync(string baseModel, string targetTask, LeaderboardQuery query) =>
        Board(baseModel, targetTask).Top(query);

    public Task<ImmutableArray<LeaderboardEntry>> ParetoAsync(string baseModel, string targetTask, LeaderboardFilter filter) =>
        Board(baseModel, targetTask).Pareto(filter);

    /// <summary>The entry (its id is the trial id) on the given board, or on whichever board holds it; null when none does.</summary>
    public async Task<LeaderboardEntry?> GetAsync(string entryId, string? baseModel = null, string? targetTask = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryId);
        if (baseModel is not null && targetTask is not null)
            return await Board(baseModel, targetTask).Get(entryId);
        foreach (var key in await grains.GetGrain<ILeaderboardRegistryGrain>(ILeaderboardRegistryGrain.Key).Boards())
        {
            if (await grains.GetGrain<ILeaderboardIndexGrain>(key).Get(entryId) is { } entry)
                return entry;
        }
        return null;
    }

    /// <summary>Every matching entry of a board, partition by partition (entry id order within each).</summary>
    public async IAsyncEnumerable<LeaderboardEntry> ExportAsync(string baseModel, string targetTask, LeaderboardFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var partition in await Board(baseModel, targetTask).Partitions())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var entry in await grains.GetGrain<ILeaderboardPartitionGrain>(partition.PartitionKey).List(filter))
                yield return entry;
        }
    }

    private ILeaderboardIndexGrain Board(string baseModel, string targetTask) =>
        grains.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board(baseModel, targetTask));
}
