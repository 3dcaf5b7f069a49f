using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>The outcome of reading a sweep file: a spec only when there are no errors at all.</summary>
public sealed record SweepParseResult(SweepSpec? Spec, IReadOnlyList<SweepError> Errors)
{
    public bool IsValid => Spec is not null && Errors.Count == 0;
}
