using System.CommandLine;
using System.Globalization;
using LoRASculpt.Core.Settings;

namespace LoRASculpt.Cli.Commands;

/// <summary>
/// One --option per catalogue parameter, generated from <see cref="TrialParameters"/> so --help documents every
/// hyperparameter with its default, range and the methods it applies to. Values stay strings: the catalogue
/// validates them and its messages name the parameter.
/// </summary>
public sealed class HyperparameterOptions
{
    private readonly List<(ParameterSpec Spec, Option<string> Option)> options = [];

    public HyperparameterOptions()
    {
        foreach (var spec in TrialParameters.All)
        {
            var name = "--" + spec.Name;
            var aliases = spec.Name.Contains('_') ? new[] { "--" + spec.Name.Replace('_', '-') } : [];
            var option = new Option<string>(name, aliases)
            {
                Description = Describe(spec),
                HelpName = spec.Type switch
                {
                    ParameterType.Int => "int",
                    ParameterType.Float => "float",
                    ParameterType.Enum => string.Join("|", spec.Choices),
                    _ => "list",
                },
            };
            options.Add((spec, option));
        }
    }

    public IEnumerable<Option> All => options.Select(o => (Option)o.Option);

    /// <summary>The parameters given on the command line (canonicalised later by <see cref="TrialSettings.Create"/>).</summary>
    public Dictionary<string, string> Given(ParseResult parse)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (spec, option) in options)
            if (parse.GetResult(option) is { Implicit: false } && parse.GetValue(option) is { } value)
                given[spec.Name] = value;
        return given;
    }

    private static string Describe(ParameterSpec spec)
    {
        var parts = new List<string> { spec.Help };
        if (spec.Type == ParameterType.List) parts.Add($"Comma-separated subset of {string.Join(",", spec.Choices)}.");
        if (spec.RangeText is { } range) parts.Add($"Range {range}.");
        if (spec.Methods.Count > 0) parts.Add($"Methods: {string.Join(", ", spec.Methods)}.");
        parts.Add(spec.Name == ParameterNames.Density
            ? "Default: unset (density_a/density_b apply)."
            : $"Default: {spec.Default}.");
        return string.Join(" ", parts);
    }

    internal static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
