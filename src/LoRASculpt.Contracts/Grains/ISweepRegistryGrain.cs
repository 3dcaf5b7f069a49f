using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Contracts.Grains;

/// <summary>The list of every sweep (singleton, key <see cref="Key"/>) for <c>sweep list</c> and recovery after a restart.</summary>
public interface ISweepRegistryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    Task Register(SweepSummary summary);

    Task<ImmutableArray<SweepSummary>> List();

    /// <summary>Ids of sweeps whose last registered state is Running.</summary>
    Task<ImmutableArray<string>> RunningSweepIds();
}
