using LoRASculpt.Core.Settings;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// Reads a sweep file (YAML, or JSON by extension or a leading '{'), validates all of it and returns
/// either a normalised spec or every error found. Nothing is half-accepted: any error means no spec.
/// </summary>
public static class SweepFileParser
{
    public static SweepParseResult Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var errors = new List<SweepError>();
        var root = SweepDocumentLoader.Load(text, fileName, errors);
        if (root is null)
        {
            return new SweepParseResult(null, errors);
        }

        var reader = new SweepFileReader(errors);
        var spec = reader.Read(root, fileName);
        if (spec is null || errors.Count > 0)
        {
            return new SweepParseResult(null, Ordered(errors));
        }

        SweepSpecValidator.Validate(spec, reader.Nodes, errors);
        return errors.Count > 0 ? new SweepParseResult(null, Ordered(errors)) : new SweepParseResult(spec, []);
    }

    /// <summary>Reads and parses a file from disk; the file name decides YAML or JSON.</summary>
    public static SweepParseResult ParseFile(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Errors in file order, so the first one printed is the first one in the file.</summary>
    private static IReadOnlyList<SweepError> Ordered(List<SweepError> errors) =>
        errors.OrderBy(e => e.Line ?? int.MaxValue).ThenBy(e => e.Column ?? int.MaxValue).ToArray();
}
