using System.Collections.Immutable;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Grains.Sweeps;

[GenerateSerializer]
public sealed class SweepRegistryState
{
    [Id(0)] public Dictionary<string, SweepSummary> Sweeps { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Every submitted sweep. Stored summaries change only on lifecycle events; <see cref="List"/> refreshes counts from the sweeps.</summary>
public sealed class SweepRegistryGrain(
    [PersistentState("sweepRegistry", OrchestrationStorage.Name)] IPersistentState<SweepRegistryState> state) : Grain, ISweepRegistryGrain
{
    public async Task Register(SweepSummary summary)
    {
        if (state.State.Sweeps.TryGetValue(summary.SweepId, out var known) && known == summary)
            return;
        state.State.Sweeps[summary.SweepId] = summary;
        await state.WriteStateAsync();
    }

    public async Task<ImmutableArray<SweepSummary>> List()
    {
        var stored = state.State.Sweeps.Values.OrderBy(s => s.SubmittedUtc).ToArray();
        var fresh = await Task.WhenAll(stored.Select(async summary =>
        {
            var status = await GrainFactory.GetGrain<ISweepGrain>(summary.SweepId).GetStatus();
            return status is null ? summary : summary with { State = status.State, Total = status.Total, Completed = status.Completed, Failed = status.Failed };
        }));
        return [.. fresh];
    }

    public Task<ImmutableArray<string>> RunningSweepIds() =>
        Task.FromResult(state.State.Sweeps.Values.Where(s => s.State == SweepState.Running).Select(s => s.SweepId).ToImmutableArray());
}
