using LoRASculpt.Core.Settings;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// Reads a sweep file (YAML, or JSON by extension or a leading '{'), validates all of it and returns
/// either a normalised spec or every error found. Nothing is half-accepted: any error means no spec.
/// </summary>
public static class SweepFileParser
{
    /// <param name="baseDirectory">What relative `base_model` and `suite` paths are relative to; null = the working directory.</param>
    /// <param name="homeDirectory">What '~' in those paths stands for; null = the user's home (tests pass a temp folder).</param>
    public static SweepParseResult Parse(string text, string fileName, string? baseDirectory = null, string? homeDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var errors = new List<SweepError>();
        var root = SweepDocumentLoader.Load(text, fileName, errors);
        if (root is null)
        {
            return new SweepParseResult(null, errors);
        }

        var reader = new SweepFileReader(errors, baseDirectory ?? Environment.CurrentDirectory, homeDirectory);
        var spec = reader.Read(root, fileName);
        if (spec is null || errors.Count > 0)
        {
            return new SweepParseResult(null, Ordered(errors));
        }

        SweepSpecValidator.Validate(spec, reader.Suite, reader.Nodes, errors);
        return errors.Count > 0 ? new SweepParseResult(null, Ordered(errors)) : new SweepParseResult(spec, []);
    }

    /// <summary>Reads and parses a file from disk; the file name decides YAML or JSON, and its folder is where relative paths start.</summary>
    public static SweepParseResult ParseFile(string path, string? homeDirectory = null) =>
        Parse(File.ReadAllText(path), Path.GetFileName(path), Path.GetDirectoryName(Path.GetFullPath(path)), homeDirectory);

    /// <summary>Errors in file order, so the first one printed is the first one in the file.</summary>
    private static IReadOnlyList<SweepError> Ordered(List<SweepError> errors) =>
        errors.OrderBy(e => e.Line ?? int.MaxValue).ThenBy(e => e.Column ?? int.MaxValue).ToArray();
}
