namespace LoRASculpt.Storage.Tests.Sqlite;

public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task Save(string name, int attempt);

    Task<StoredTestState> Load();

    Task Clear();
}

/// <summary>A grain whose state lives in the default grain storage, to test a provider inside a real silo.</summary>
public sealed class StorageProbeGrain([PersistentState("probe")] IPersistentState<StoredTestState> state) : Grain, IStorageProbeGrain
{
    public async Task Save(string name, int attempt)
    {
        state.State = state.State with { Name = name, Attempt = attempt };
        await state.WriteStateAsync();
    }

    public Task<StoredTestState> Load() => Task.FromResult(state.State);

    public Task Clear() => state.ClearStateAsync();
}
