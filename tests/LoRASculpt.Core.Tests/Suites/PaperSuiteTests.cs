using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Suites;

namespace LoRASculpt.Core.Tests.Suites;

public sealed class PaperSuiteTests
{
    private const string VqaSuffix = "\\nAnswer the question using a single word or phrase.";

    /// <summary>
    /// The paper's evaluation (method.md section 6, supplementary Eq. 42): Source = OKVQA (VQA accuracy), OCR-VQA
    /// (2,000 sampled, exact match), GQA (accuracy), TextVQA (TextVQA accuracy = VQA accuracy over 10 answers);
    /// Target = IconQA-txt (exact match) or COCO captions (CIDEr).
    /// </summary>
    [Fact]
    public void The_papers_four_sources_and_two_targets_are_expressible()
    {
        using var folder = new SuiteFolder();
        foreach (var name in new[] { "okvqa", "ocrvqa", "gqa", "textvqa", "iconqa-txt", "coco-captions" })
            folder.WriteDatasetFiles(name);
        var suffix = $", \"prompt_suffix\": \"{VqaSuffix}\", \"max_new_tokens\": 16";
        var path = folder.Write("paper.json", SuiteJson.Suite(
            SuiteJson.Dataset("okvqa", "source", "vqa_accuracy", suffix),
            SuiteJson.Dataset("ocrvqa", "source", "exact_match", suffix + ", \"sample\": { \"count\": 2000, \"seed\": 0 }"),
            SuiteJson.Dataset("gqa", "source", "exact_match", suffix),
            SuiteJson.Dataset("textvqa", "source", "vqa_accuracy", suffix),
            SuiteJson.Dataset("iconqa-txt", "target", "exact_match", ", \"max_new_tokens\": 8"),
            SuiteJson.Dataset("coco-captions", "target", "cider_d", ", \"prompt_suffix\": \"\\nProvide a one-sentence caption for the provided image.\"")));

        var suite = EvaluationSuiteFile.Load(path);

        Assert.Equal(["okvqa", "ocrvqa", "gqa", "textvqa"], suite.Sources.Select(d => d.Name));
        Assert.Equal(["iconqa-txt", "coco-captions"], suite.Targets.Select(d => d.Name));
        Assert.Equal([MetricKind.VqaAccuracy, MetricKind.ExactMatch, MetricKind.ExactMatch, MetricKind.VqaAccuracy, MetricKind.ExactMatch, MetricKind.CiderD],
            suite.Datasets.Select(d => d.Metric));
        Assert.Equal(EvalSubset.Sampled(2000, 0), suite.Get("ocrvqa").Sample);
        Assert.Null(suite.Get("gqa").Sample);
        Assert.Equal("\nAnswer the question using a single word or phrase.", suite.Get("gqa").PromptSuffix);
        Assert.Equal(16, suite.Get("gqa").MaxNewTokens);
        Assert.Equal(EvaluationSuiteFile.DefaultMaxNewTokens, suite.Get("coco-captions").MaxNewTokens);

        var icon = suite.Get("iconqa-txt").Files!;
        Assert.Equal(Path.Combine(folder.Root, "iconqa-txt", "questions.jsonl"), icon.Questions);
        Assert.Equal(Path.Combine(folder.Root, "iconqa-txt", "train.json"), icon.TrainingFile);
        Assert.Equal(icon.Images, icon.TrainingImages);
        Assert.Null(suite.Get("okvqa").Files!.TrainingFile);
        Assert.Matches("^v1\\+[0-9a-f]{12}$", suite.VersionKey);
        Assert.Equal(64, suite.ContentHash.Length);
    }

    [Fact]
    public void Training_images_can_live_in_their_own_folder()
    {
        using var folder = new SuiteFolder();
        folder.WriteDatasetFiles("icon");
        var trainImages = folder.Folder("icon/train_images");
        var path = folder.Write("s.json", SuiteJson.Suite(SuiteJson.Dataset("icon", "target", "exact_match", ", \"training_images\": \"icon/train_images\"")));
        Assert.Equal(trainImages, EvaluationSuiteFile.Load(path).Get("icon").Files!.TrainingImages);
    }

    [Fact]
    public void The_builtin_suite_describes_the_six_procedural_tasks_without_files()
    {
        var suite = EvaluationSuites.Builtin;
        Assert.Equal(BenchmarkTasks.All.Select(t => t.Name), suite.Datasets.Select(d => d.Name));
        Assert.Equal(BenchmarkTasks.SourceNames, suite.Sources.Select(d => d.Name));
        Assert.Equal(["icon-mc", "scene-captions"], suite.Targets.Select(d => d.Name));
        Assert.Equal(BenchmarkTasks.All.Select(t => t.Metric), suite.Datasets.Select(d => d.Metric));
        Assert.All(suite.Datasets, d => Assert.Null(d.Files));
        Assert.Equal([6, 6, 6, 6, 6, 32], suite.Datasets.Select(d => d.MaxNewTokens));
        Assert.StartsWith("builtin-1+", suite.VersionKey);
        Assert.Equal(SuiteContentHash.Compute(suite.Datasets), suite.ContentHash);
    }
}
