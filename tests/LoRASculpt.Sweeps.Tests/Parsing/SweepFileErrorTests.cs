using static LoRASculpt.Sweeps.Tests.SweepFiles;

namespace LoRASculpt.Sweeps.Tests.Parsing;

/// <summary>Every refused sweep file of <see cref="SweepFileErrorCases"/>: the error is at its path, position and wording.</summary>
public sealed class SweepFileErrorTests
{
    public static TheoryData<string> Cases => [.. SweepFileErrorCases.All.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_file_is_refused_with_the_error_at_its_path(string name)
    {
        var expected = SweepFileErrorCases.All[name];

        var errors = Errors(expected.Text, expected.FileName);

        if (expected.ErrorCount is { } count)
            Assert.Equal(count, errors.Count);
        var error = At(errors, expected.Path);
        if (expected.Line is { } line)
            Assert.Equal(line, error.Line);
        if (expected.Column is { } column)
            Assert.Equal(column, error.Column);
        switch (expected.Match)
        {
            case MessageMatch.Exact:
                Assert.Equal(expected.Message, error.Message);
                break;
            case MessageMatch.Prefix:
                Assert.StartsWith(expected.Message, error.Message);
                break;
            case MessageMatch.Contains:
                Assert.Contains(expected.Message, error.Message);
                break;
        }
    }
}
