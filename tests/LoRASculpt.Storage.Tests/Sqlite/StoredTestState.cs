using System.Collections.Immutable;

namespace LoRASculpt.Storage.Tests.Sqlite;

/// <summary>A persisted-state shape like the grains': a [GenerateSerializer] record with nested collections.</summary>
[GenerateSerializer]
public sealed record StoredTestState
{
    [Id(0)] public string Name { get; init; } = "";
    [Id(1)] public int Attempt { get; init; }
    [Id(2)] public ImmutableArray<double> Scores { get; init; } = [];
    [Id(3)] public ImmutableSortedDictionary<string, string> Notes { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    [Id(4)] public DateTimeOffset UpdatedAt { get; init; }
}
