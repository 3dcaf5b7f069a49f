using System.Collections.Immutable;

namespace LoRASculpt.Sweeps.Search.Tpe;

/// <summary>A finished point and its objectives, each oriented so that larger is better (a minimised metric is negated).</summary>
public sealed record SearchObservation(ImmutableSortedDictionary<string, string> Point, ImmutableArray<double> Objectives);
