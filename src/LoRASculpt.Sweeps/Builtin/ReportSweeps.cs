using System.Globalization;
using System.Text.RegularExpressions;
using LoRASculpt.Sweeps.Parsing;

namespace LoRASculpt.Sweeps.Builtin;

/// <summary>
/// The sections of <c>lorasculpt report</c>, each a shipped sweep (<c>report-{name}</c>) written for <c>icon-mc</c> with
/// 3 seeds. The report runs a section on another target, seed count or trial kind by rewriting those top-level keys in
/// the file's text before parsing it, so every variant is validated exactly as a sweep file is.
/// </summary>
public static class ReportSweeps
{
    public sealed record Section(string Name, string Title);

    public const string FilePrefix = "report-";

    /// <summary>The sections in report order: the main table, LoRA's matched-Target baseline, then LoRASculpt's ablations.</summary>
    public static IReadOnlyList<Section> Sections { get; } =
    [
        new("main", "Main table: every method at its defaults"),
        new("lora-lr", "LoRA at several learning rates (for a LoRASculpt comparison at matched Target)"),
        new("components", "LoRASculpt's components: sparsity only (alpha 0), CMR only (density 1), both"),
        new("density", "LoRASculpt's density (kept fraction of A and B)"),
        new("alpha", "LoRASculpt's CMR weight alpha"),
        new("beta", "LoRASculpt's connector weight beta (supplementary Table I; connector: lora)"),
    ];

    public static Section? Find(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// The section's sweep for <paramref name="target"/> with <paramref name="seeds"/> seeds (and optionally another
    /// trial kind, for tests), named "report-{section}-{target}"; invalid input comes back as the parser's errors.
    /// </summary>
    public static SweepParseResult Parse(string section, string target, int seeds, string? trialKind = null)
    {
        var text = BuiltinSweeps.FindText(FilePrefix + section)
            ?? throw new ArgumentException($"no report section '{section}' (sections: {string.Join(", ", Sections.Select(s => s.Name))})", nameof(section));
        var points = int.Parse(Key("max_trials").Match(text).Groups["value"].Value, CultureInfo.InvariantCulture) / ShippedSeeds;
        text = Replace(text, "name", $"{FilePrefix}{section}-{target}");
        text = Replace(text, "target", target);
        text = Replace(text, "seeds", seeds.ToString(CultureInfo.InvariantCulture));
        text = Replace(text, "max_trials", (points * seeds).ToString(CultureInfo.InvariantCulture));
        if (trialKind is not null)
        {
            text = Replace(text, "trial_kind", trialKind);
        }

        return SweepFileParser.Parse(text, $"{FilePrefix}{section}.yaml", Environment.CurrentDirectory);
    }

    /// <summary>The seed count every report-*.yaml is written with; its max_trials is its points times this.</summary>
    public const int ShippedSeeds = 3;

    private static string Replace(string text, string key, string value)
    {
        var pattern = Key(key);
        return pattern.IsMatch(text)
            ? pattern.Replace(text, $"{key}: {value}", 1)
            : throw new InvalidOperationException($"report sweep lacks a top-level '{key}:' line");
    }

    private static Regex Key(string key) => new($"^{Regex.Escape(key)}:[ \\t]*(?<value>[^\\r\\n#]*?)[ \\t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
}
