using System.Collections.Immutable;
using LoRASculpt.Contracts.Leaderboard;

namespace LoRASculpt.Grains.Leaderboard;

[GenerateSerializer]
public sealed class LeaderboardCatalogState
{
    [Id(0)] public SortedSet<string> Boards { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The list of boards (see <see cref="ILeaderboardCatalogGrain"/>): one short key per (model, task).</summary>
public sealed class LeaderboardCatalogGrain(
    [PersistentState("leaderboardCatalog", OrchestrationStorage.Name)] IPersistentState<LeaderboardCatalogState> state) : Grain, ILeaderboardCatalogGrain
{
    public async Task Register(string baseModel, string targetTask)
    {
        if (state.State.Boards.Add(LeaderboardKeys.Board(baseModel, targetTask)))
            await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> Boards() => Task.FromResult(state.State.Boards.ToImmutableArray());
}
