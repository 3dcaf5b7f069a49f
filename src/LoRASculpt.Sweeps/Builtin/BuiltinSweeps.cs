using System.Reflection;
using LoRASculpt.Sweeps.Parsing;

namespace LoRASculpt.Sweeps.Builtin;

/// <summary>
/// The sweep files shipped with the product (embedded resources, also copied next to the binaries
/// under Builtin/), so <c>lorasculpt sweep run quickstart</c> works from any directory.
/// </summary>
public static class BuiltinSweeps
{
    public const string Quickstart = "quickstart";
    public const string BetaAblation = "beta-ablation";
    public const string SyntheticOverhead = "synthetic-overhead";
    public const string Llava15IconQa = "llava-1.5-7b-iconqa";

    private const string ResourcePrefix = "LoRASculpt.Sweeps.Builtin.";

    public static IReadOnlyList<string> Names { get; } = typeof(BuiltinSweeps).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The YAML text of a shipped sweep, or null when there is none of that name.</summary>
    public static string? FindText(string name)
    {
        using var stream = typeof(BuiltinSweeps).Assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.yaml");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Parses FILE when it exists, otherwise the shipped sweep of that name ("quickstart"); when neither
    /// exists the result holds one error saying so and listing the shipped sweeps. Relative paths in a file
    /// start at its folder, in a shipped sweep at the working directory.
    /// </summary>
    /// <param name="homeDirectory">What '~' stands for; null = the user's home (tests pass a temp folder).</param>
    public static SweepParseResult ParseFileOrBuiltin(string fileOrName, string? homeDirectory = null)
    {
        if (File.Exists(fileOrName))
        {
            return SweepFileParser.ParseFile(fileOrName, homeDirectory);
        }

        if (FindText(fileOrName) is { } text)
        {
            return SweepFileParser.Parse(text, fileOrName + ".yaml", Environment.CurrentDirectory, homeDirectory);
        }

        return new SweepParseResult(null,
            [new SweepError("", $"no such file, and no shipped sweep named '{fileOrName}' (shipped: {string.Join(", ", Names)})", null, null)]);
    }
}
