namespace LoRASculpt.Training.Checkpoints;

/// <summary>
/// A checkpoint does not fit a module: every missing, unexpected and misshapen key, by name, in one error, so a
/// layout or naming mistake shows whole rather than one key per attempt.
/// </summary>
public sealed class CheckpointMismatchException(
    string source,
    IReadOnlyList<string> missing,
    IReadOnlyList<string> unexpected,
    IReadOnlyList<string> misshapen,
    string? hint = null)
    : Exception(Describe(source, missing, unexpected, misshapen, hint))
{
    // Enough to see the pattern; the counts say how many more there are.
    internal const int ListedPerKind = 20;

    /// <summary>Module state entries (our names) that no checkpoint key maps to.</summary>
    public IReadOnlyList<string> Missing { get; } = missing;

    /// <summary>Checkpoint keys (as stored) that map to no module state entry.</summary>
    public IReadOnlyList<string> Unexpected { get; } = unexpected;

    /// <summary>"key: checkpoint [shape] vs module [shape]" for each shape mismatch.</summary>
    public IReadOnlyList<string> Misshapen { get; } = misshapen;

    private static string Describe(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> misshapen, string? hint)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"{missing.Count} missing (in the module, not the checkpoint): {List(missing)}");
        if (unexpected.Count > 0) parts.Add($"{unexpected.Count} unexpected (in the checkpoint, not the module): {List(unexpected)}");
        if (misshapen.Count > 0) parts.Add($"{misshapen.Count} with the wrong shape: {List(misshapen)}");
        var message = $"{source} does not match the module: {string.Join("; ", parts)}.";
        return hint is null ? message : $"{message} {hint}";
    }

    private static string List(IReadOnlyList<string> names) =>
        $"[{string.Join(", ", names.Take(ListedPerKind))}{(names.Count > ListedPerKind ? $", ... and {names.Count - ListedPerKind} more" : "")}]";
}
