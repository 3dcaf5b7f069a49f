using LoRASculpt.Core.Metrics;

namespace LoRASculpt.Core.Tests.Metrics;

public sealed class AnswerNormalizerMetricTests
{
    [Theory]
    [InlineData("Red", "red")]
    [InlineData("  The   Red  Square. ", "red square")]
    [InlineData("a circle", "circle")]
    [InlineData("an oval!", "oval")]
    [InlineData("theatre", "theatre")]
    [InlineData("Two", "2")]
    [InlineData("none", "0")]
    [InlineData("twelve apples", "12 apples")]
    [InlineData("3.5", "3.5")]
    [InlineData("1,000", "1000")]
    [InlineData("yes, it is", "yes it is")]
    [InlineData("don't", "dont")]
    [InlineData("left-of", "left of")]
    [InlineData("(B)", "b")]
    [InlineData("end.", "end")]
    [InlineData("", "")]
    [InlineData("A", "a")]
    [InlineData("(A).", "a")]
    [InlineData("the", "the")]
    [InlineData("a b", "b")]
    public void Normalize_applies_vqa_rules(string input, string expected) =>
        Assert.Equal(expected, AnswerNormalizer.Normalize(input));

    [Theory]
    [InlineData("B", "b")]
    [InlineData("  (A).  ", "a")]
    [InlineData("The  Great\tGatsby!", "the great gatsby")]
    [InlineData("red-box", "red-box")]
    [InlineData("A B", "a b")]
    [InlineData("...", "")]
    public void Exact_match_normalises_case_outer_punctuation_and_whitespace_only(string input, string expected) =>
        Assert.Equal(expected, ExactMatch.Normalize(input));

    [Fact]
    public void Exact_match_compares_normalised_forms_against_every_reference()
    {
        Assert.Equal(1.0, ExactMatch.Score("B.", ["b"]));
        Assert.Equal(1.0, ExactMatch.Score("the two", ["three", "The Two"]));
        Assert.Equal(0.0, ExactMatch.Score("circle", ["square", "oval"]));
        Assert.Equal(0.0, ExactMatch.Score("red square", ["square"]));
        // Option letters: only the letter itself matches, not a list of letters or an article-only answer.
        Assert.Equal(1.0, ExactMatch.Score("(A)", ["A"]));
        Assert.Equal(0.0, ExactMatch.Score("A B", ["B"]));
        Assert.Equal(0.0, ExactMatch.Score("", ["A"]));
        Assert.Equal(0.0, ExactMatch.Score("the", ["A"]));
        // The words must match as written: no article dropping, no number words (those are VQA accuracy's rules).
        Assert.Equal(0.0, ExactMatch.Score("The Two", ["2"]));
        Assert.Equal(0.0, ExactMatch.Score("the circle", ["circle"]));
    }

    [Fact]
    public void Exact_match_rejects_missing_references()
    {
        Assert.Throws<ArgumentException>(() => ExactMatch.Score("x", []));
        Assert.Throws<ArgumentException>(() => ExactMatch.Score("x", [null!]));
    }
}
