namespace LoRASculpt.Contracts.Trials;

/// <summary>
/// One point of a trial's forgetting curve: Source and Target (0-100) on the held-out curve slice after
/// <see cref="Step"/> optimizer steps. Reported while training runs, so a scheduler can act on a trial before it ends.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CurvePoint(
    [property: Id(0)] int Step,
    [property: Id(1)] double Source,
    [property: Id(2)] double Target);
