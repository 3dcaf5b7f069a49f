namespace LoRASculpt.Core.Metrics;

/// <summary>Shared argument checks so every metric rejects the same malformed inputs with the same message.</summary>
internal static class MetricArguments
{
    public static void RequireReferences(IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
            throw new ArgumentException("At least one reference is required.", nameof(references));
        if (references.Any(r => r is null))
            throw new ArgumentException("References must not contain null.", nameof(references));
    }
}
