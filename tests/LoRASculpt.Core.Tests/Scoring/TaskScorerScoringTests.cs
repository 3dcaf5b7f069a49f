using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Core.Tests.Scoring;

public sealed class TaskScorerScoringTests
{
    private static (string Id, string Prediction, IReadOnlyList<string> References) Item(string id, string prediction, params string[] references) =>
        (id, prediction, references);

    [Fact]
    public void Exact_match_is_the_percentage_of_correct_items()
    {
        var items = new[] { Item("0", "A", "a"), Item("1", "b", "c"), Item("2", "Cat.", "cat"), Item("3", "The d", "d") };
        Assert.Equal(50.0, TaskScorer.Score(MetricKind.ExactMatch, items), 12);
        Assert.Equal(50.0, TaskScorer.Score("icon-mc", items), 12);
    }

    [Fact]
    public void Vqa_accuracy_is_the_mean_item_accuracy_times_100()
    {
        string[] Answers(int matching) => Enumerable.Range(0, 10).Select(i => i < matching ? "2" : "5").ToArray();
        // Items score 0.6 (2 matches) and 1.0 (4 matches): mean 0.8 -> 80.
        var items = new[] { Item("0", "two", Answers(2)), Item("1", "2", Answers(4)) };
        Assert.Equal(80.0, TaskScorer.Score("count-vqa", items), 12);
    }

    [Fact]
    public void Cider_is_reported_times_100()
    {
        // Two disjoint two-word identical captions: raw CIDEr-D 5 (see CiderDMetricTests) -> 500.
        var items = new[] { Item("0", "red box", "red box"), Item("1", "blue ball", "blue ball") };
        Assert.Equal(500.0, TaskScorer.Score("scene-captions", items), 12);
    }

    [Fact]
    public void Unknown_task_and_empty_input_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => TaskScorer.Score("no-such-task", [Item("0", "a", "a")]));
        Assert.Contains("no-such-task", error.Message);
        Assert.Throws<ArgumentException>(() => TaskScorer.Score(MetricKind.ExactMatch, []));
    }

    [Fact]
    public void Suite_score_averages_sources_then_averages_with_target()
    {
        var scores = new Dictionary<string, double>
        {
            ["shape-vqa"] = 50, ["text-ocr"] = 60, ["spatial-qa"] = 70, ["count-vqa"] = 80,
            ["icon-mc"] = 90, ["scene-captions"] = 40,
        };
        // Source = (50 + 60 + 70 + 80) / 4 = 65; Target = 90; Avg = (65 + 90) / 2 = 77.5.
        Assert.Equal(new SuiteScore(65, 90, 77.5), SuiteScore.Compute(scores, "icon-mc"));
        // Captions as target: Avg = (65 + 40) / 2 = 52.5.
        Assert.Equal(new SuiteScore(65, 40, 52.5), SuiteScore.Compute(scores, "scene-captions"));
        // The paper's LoRASculpt IconQA row: Source (53.52 + 59.50 + 57.63 + 53.76) / 4 = 56.1025, Avg with 85.26 = 70.68125.
        var paper = new Dictionary<string, double> { ["okvqa"] = 53.52, ["ocrvqa"] = 59.50, ["gqa"] = 57.63, ["textvqa"] = 53.76, ["iconqa"] = 85.26 };
        var row = SuiteScore.Compute(paper, "iconqa", ["okvqa", "ocrvqa", "gqa", "textvqa"]);
        Assert.Equal(56.1025, row.Source, 10);
        Assert.Equal(70.68125, row.Avg, 10);
    }

    [Fact]
    public void Suite_score_names_missing_tasks()
    {
        var error = Assert.Throws<ArgumentException>(() => SuiteScore.Compute(new Dictionary<string, double> { ["icon-mc"] = 1 }, "icon-mc"));
        Assert.Contains("shape-vqa", error.Message);
        Assert.Throws<ArgumentException>(() => SuiteScore.Compute(new Dictionary<string, double> { ["a"] = 1 }, "a", ["a"]));
    }
}
