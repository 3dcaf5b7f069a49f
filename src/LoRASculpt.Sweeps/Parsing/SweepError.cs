namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// One problem in a sweep file. <see cref="Path"/> names the place in the file
/// ("parameters.alpha.values[1]"; empty for the whole file); line and column are 1-based when known.
/// </summary>
public sealed record SweepError(string Path, string Message, int? Line, int? Column)
{
    /// <summary>"file:line:column: path: message", the shape compilers use so editors can jump to it.</summary>
    public string Format(string fileName)
    {
        var location = Line is { } line ? $"{fileName}:{line}:{Column ?? 1}" : fileName;
        return Path.Length == 0 ? $"{location}: {Message}" : $"{location}: {Path}: {Message}";
    }

    public override string ToString() => Format("sweep");
}
