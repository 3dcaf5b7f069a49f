namespace LoRASculpt.Core.Settings;

/// <summary>
/// One hyperparameter of the catalogue: its name (as sweep files and <c>lorasculpt train --name</c> spell it),
/// type, canonical default, help text, allowed choices, numeric bounds and the methods it applies to
/// (empty = every method).
/// </summary>
public sealed record ParameterSpec(
    string Name,
    ParameterType Type,
    string Default,
    string Help,
    IReadOnlyList<string> Choices,
    double? Min,
    bool MinExclusive,
    double? Max,
    bool MaxExclusive,
    IReadOnlyList<string> Methods)
{
    public bool AppliesTo(string method) => Methods.Count == 0 || Methods.Contains(method);

    /// <summary>The allowed range in interval notation, e.g. "(0, 1]", "&gt;= 1", or null when unbounded.</summary>
    public string? RangeText => (Min, Max) switch
    {
        ({ } lo, { } hi) => $"{(MinExclusive ? "(" : "[")}{Format(lo)}, {Format(hi)}{(MaxExclusive ? ")" : "]")}",
        ({ } lo, null) => $"{(MinExclusive ? ">" : ">=")} {Format(lo)}",
        (null, { } hi) => $"{(MaxExclusive ? "<" : "<=")} {Format(hi)}",
        _ => null,
    };

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
