using System.Collections.Immutable;
using LoRASculpt.Contracts.Leaderboard;

namespace LoRASculpt.Grains.Leaderboard;

[GenerateSerializer]
public sealed class LeaderboardRegistryState
{
    [Id(0)] public SortedSet<string> Boards { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The list of boards (see <see cref="ILeaderboardRegistryGrain"/>): one short key per (model, task).</summary>
// The grain type keeps its former name, so the list stored by earlier releases is still found.
[GrainType("leaderboardcatalog")]
public sealed class LeaderboardRegistryGrain(
    [PersistentState("leaderboardCatalog", OrchestrationStorage.Name)] IPersistentState<LeaderboardRegistryState> state) : Grain, ILeaderboardRegistryGrain
{
    public async Task Register(string baseModel, string targetTask)
    {
        if (state.State.Boards.Add(LeaderboardKeys.Board(baseModel, targetTask)))
            await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> Boards() => Task.FromResult(state.State.Boards.ToImmutableArray());
}
