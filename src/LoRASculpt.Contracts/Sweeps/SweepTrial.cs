using System.Collections.Immutable;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Contracts.Sweeps;

/// <summary>One planned grid point of a sweep: its content-addressed trial id, its config, and the values of the swept axes.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepTrial(
    [property: Id(0)] string TrialId,
    [property: Id(1)] TrialConfig Config,
    [property: Id(2)] ImmutableSortedDictionary<string, string> SweptValues);
