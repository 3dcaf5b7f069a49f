using System.Collections.Immutable;
using LoRASculpt.Contracts.Reevaluation;

namespace LoRASculpt.Grains.Reevaluation;

[GenerateSerializer]
public sealed class ReevaluationRegistryState
{
    [Id(0)] public SortedSet<string> Schedules { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Ids of every active schedule (see <see cref="IReevaluationRegistryGrain"/>).</summary>
public sealed class ReevaluationRegistryGrain(
    [PersistentState("reevaluationRegistry", OrchestrationStorage.Name)] IPersistentState<ReevaluationRegistryState> state) : Grain, IReevaluationRegistryGrain
{
    public async Task Add(string scheduleId)
    {
        if (state.State.Schedules.Add(scheduleId))
            await state.WriteStateAsync();
    }

    public async Task Remove(string scheduleId)
    {
        if (state.State.Schedules.Remove(scheduleId))
            await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> List() => Task.FromResult(state.State.Schedules.ToImmutableArray());
}
