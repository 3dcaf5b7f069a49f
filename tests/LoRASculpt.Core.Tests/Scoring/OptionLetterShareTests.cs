using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Core.Tests.Scoring;

public sealed class OptionLetterShareTests
{
    [Fact]
    public void Counts_answers_that_are_exactly_one_option_letter()
    {
        string[] letters = ["A", "B", "C", "D"];
        Assert.Equal(0.5, OptionLetterShare.Of(["b", "(C).", "A B", "red"], letters));
        Assert.Equal(0.0, OptionLetterShare.Of([], letters));
    }
}
