namespace LoRASculpt.Sweeps.Expansion;

/// <summary>
/// An expanded sweep: the distinct trials in run order, the swept parameter names (table columns), and
/// the grid points that turned out to be the same trial because a swept parameter does not apply to a method.
/// </summary>
public sealed record SweepPlan(
    IReadOnlyList<PlannedTrial> Trials,
    int GridPoints,
    IReadOnlyList<string> SweptParameters,
    IReadOnlyList<CollapsedTrials> Collapsed)
{
    /// <summary>Human-readable lines for the plan, e.g. "lora: 4 grid points run as 1 trial (alpha does not apply to lora)".</summary>
    public IReadOnlyList<string> CollapseSummary => Collapsed.Select(c => c.Describe()).ToArray();
}

/// <summary>For one method, <see cref="GridPoints"/> points of the grid ran as only <see cref="Trials"/> distinct trials.</summary>
public sealed record CollapsedTrials(string Method, int GridPoints, int Trials, IReadOnlyList<string> IgnoredParameters)
{
    public string Describe()
    {
        var reason = IgnoredParameters.Count switch
        {
            0 => "their settings are identical once defaults are applied",
            1 => $"{IgnoredParameters[0]} does not apply to {Method}",
            _ => $"{string.Join(", ", IgnoredParameters)} do not apply to {Method}",
        };
        return $"{Method}: {GridPoints} grid points run as {Trials} trial{(Trials == 1 ? "" : "s")} ({reason})";
    }
}
