namespace LoRASculpt.TestSupport.Cluster;

/// <summary>State with a collection, to check that it survives a round trip through Azure Table grain storage.</summary>
[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)] public string Text { get; set; } = "";

    [Id(1)] public List<int> Values { get; set; } = [];
}

public interface IProbeGrain : IGrainWithStringKey
{
    Task Save(string text, int[] values, bool inNamedStore);

    Task<(string Text, int[] Values)> Load(bool fromNamedStore);
}

/// <summary>A test-only grain: one state in the default store, one in a named store.</summary>
public sealed class ProbeGrain(
    [PersistentState("probe")] IPersistentState<ProbeState> state,
    [PersistentState("probe", ProbeGrain.NamedStore)] IPersistentState<ProbeState> named) : Grain, IProbeGrain
{
    public const string NamedStore = "probe-store";

    public async Task Save(string text, int[] values, bool inNamedStore)
    {
        var target = inNamedStore ? named : state;
        target.State = new ProbeState { Text = text, Values = [.. values] };
        await target.WriteStateAsync();
    }

    public Task<(string Text, int[] Values)> Load(bool fromNamedStore)
    {
        var source = fromNamedStore ? named : state;
        return Task.FromResult((source.State.Text, source.State.Values.ToArray()));
    }
}
