using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Sweeps.Expansion;

/// <summary>
/// One trial of an expanded sweep. <see cref="SweptValues"/> holds the grid coordinates that vary in the
/// sweep and apply to this trial's method (what the results table shows per row); <see cref="Config"/>
/// holds everything the trial trains with (defaults left out, see <see cref="SweepExpander"/>).
/// </summary>
public sealed record PlannedTrial(string TrialId, TrialConfig Config, IReadOnlyDictionary<string, string> SweptValues);
