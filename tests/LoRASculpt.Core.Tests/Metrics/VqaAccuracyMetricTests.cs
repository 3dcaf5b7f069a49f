using LoRASculpt.Core.Metrics;

namespace LoRASculpt.Core.Tests.Metrics;

public sealed class VqaAccuracyMetricTests
{
    private static string[] TenAnswers(int matching, string answer = "circle") =>
        Enumerable.Range(0, 10).Select(i => i < matching ? answer : $"other{i}").ToArray();

    // With k of the 10 answers matching, the k subsets that leave out a match hold k - 1 matches and
    // the 10 - k others hold k, so acc = (k * min((k - 1) / 3, 1) + (10 - k) * min(k / 3, 1)) / 10:
    //   k = 0: 0
    //   k = 1: (1 * 0     + 9 * 1/3) / 10 = 3/10 = 0.3
    //   k = 2: (2 * 1/3   + 8 * 2/3) / 10 = (2/3 + 16/3) / 10 = 6/10 = 0.6
    //   k = 3: (3 * 2/3   + 7 * 1)   / 10 = (2 + 7) / 10 = 0.9   (not 1: one subset in three loses a match)
    //   k = 4: (4 * 1     + 6 * 1)   / 10 = 1
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.3)]
    [InlineData(2, 0.6)]
    [InlineData(3, 0.9)]
    [InlineData(4, 1.0)]
    [InlineData(7, 1.0)]
    [InlineData(10, 1.0)]
    public void Ten_answers_follow_the_official_leave_one_out_formula(int matching, double expected) =>
        Assert.Equal(expected, VqaAccuracy.Score("circle", TenAnswers(matching)), 12);

    [Fact]
    public void Answers_are_normalised_before_counting()
    {
        // "The Circle." and "a circle" both normalise to "circle": 2 matches -> 0.6.
        var answers = TenAnswers(0);
        answers[3] = "The Circle.";
        answers[8] = "a circle";
        Assert.Equal(0.6, VqaAccuracy.Score("circle", answers), 12);
    }

    [Fact]
    public void Fewer_references_use_threshold_min_3_n_minus_1()
    {
        // n = 1: exact match.
        Assert.Equal(1.0, VqaAccuracy.Score("2", ["two"]));
        Assert.Equal(0.0, VqaAccuracy.Score("3", ["two"]));
        // n = 2, threshold 1: one match -> (leave out the match: 0/1, leave out the other: 1/1) / 2 = 0.5.
        Assert.Equal(0.5, VqaAccuracy.Score("x", ["x", "y"]), 12);
        Assert.Equal(1.0, VqaAccuracy.Score("x", ["x", "x"]), 12);
        // n = 3, threshold 2: two matches -> (2 * 1/2 + 1 * 2/2) / 3 = 2/3.
        Assert.Equal(2.0 / 3.0, VqaAccuracy.Score("x", ["x", "x", "y"]), 12);
        // n = 4, official threshold 3: all four match -> every subset holds 3 -> 1.
        Assert.Equal(1.0, VqaAccuracy.Score("x", ["x", "x", "x", "x"]), 12);
        // n = 4, three match -> (3 * 2/3 + 1 * 3/3) / 4 = 3/4.
        Assert.Equal(0.75, VqaAccuracy.Score("x", ["x", "x", "x", "y"]), 12);
    }
}
