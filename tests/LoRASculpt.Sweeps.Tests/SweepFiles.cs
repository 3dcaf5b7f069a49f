using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Parsing;

namespace LoRASculpt.Sweeps.Tests;

/// <summary>Helpers to parse inline sweep files in tests.</summary>
internal static class SweepFiles
{
    public static SweepSpec Valid(string text, string fileName = "test.yaml")
    {
        var result = SweepFileParser.Parse(text, fileName);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors.Select(e => e.Format(fileName))));
        return result.Spec!;
    }

    public static IReadOnlyList<SweepError> Errors(string text, string fileName = "test.yaml")
    {
        var result = SweepFileParser.Parse(text, fileName);
        Assert.Null(result.Spec);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    /// <summary>The single error at <paramref name="path"/>; fails when there is none or several.</summary>
    public static SweepError At(IReadOnlyList<SweepError> errors, string path) =>
        Assert.Single(errors, e => e.Path == path);
}
