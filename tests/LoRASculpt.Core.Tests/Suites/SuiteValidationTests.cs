using LoRASculpt.Core.Suites;

namespace LoRASculpt.Core.Tests.Suites;

public sealed class SuiteValidationTests
{
    private static IReadOnlyList<string> Errors(SuiteFolder folder, string json)
    {
        var result = EvaluationSuiteFile.Read(folder.Write("suite.json", json));
        Assert.False(result.IsValid);
        Assert.Null(result.Suite);
        return result.Errors.Select(e => e.ToString()).ToArray();
    }

    private static IReadOnlyList<string> DatasetErrors(string extra = "", string role = "source", string metric = "exact_match", Func<string, string>? edit = null)
    {
        using var folder = new SuiteFolder();
        folder.WriteDatasetFiles("d");
        var dataset = SuiteJson.Dataset("d", role, metric, extra);
        return Errors(folder, SuiteJson.Suite(edit is null ? dataset : edit(dataset)));
    }

    [Fact]
    public void Unknown_metric_names_the_json_path_and_the_choices()
    {
        using var folder = new SuiteFolder();
        foreach (var name in new[] { "a", "b", "c" })
            folder.WriteDatasetFiles(name);
        var errors = Errors(folder, SuiteJson.Suite(
            SuiteJson.Dataset("a", "source", "exact_match"),
            SuiteJson.Dataset("b", "source", "vqa_accuracy"),
            SuiteJson.Dataset("c", "source", "em")));
        Assert.Equal(["datasets[2].metric: must be one of exact_match, vqa_accuracy, cider_d; got 'em'"], errors);
    }

    [Theory]
    [InlineData("\"role\": \"source\"", "\"role\": \"src\"", "datasets[0].role: must be one of source, target; got 'src'")]
    [InlineData("\"metric\": \"exact_match\",", "", "datasets[0].metric: required: one of exact_match, vqa_accuracy, cider_d")]
    [InlineData("\"questions\": \"d/questions.jsonl\", ", "", "datasets[0].questions: required: LLaVA question file (JSONL)")]
    [InlineData("\"name\": \"d\"", "\"name\": \"  \"", "datasets[0].name: must not be empty")]
    [InlineData("\"name\": \"d\"", "\"name\": 3", "datasets[0].name: must be a string; got a number")]
    [InlineData("\"metric\": \"exact_match\"", "\"metric\": \"exact_match\", \"metrc\": 1", "datasets[0].metrc: unknown field; known fields: name, role, metric, questions, images, answers, prompt_suffix, max_new_tokens, training_file, training_images, sample")]
    [InlineData("\"metric\": \"exact_match\"", "\"metric\": \"exact_match\", \"metric\": \"exact_match\"", "datasets[0].metric: appears more than once")]
    public void Field_errors_name_their_json_path(string find, string replace, string expected)
    {
        var errors = DatasetErrors(edit: d => d.Replace(find, replace));
        Assert.Equal([expected], errors);
    }

    [Fact]
    public void Missing_files_and_folders_are_reported_with_their_resolved_path()
    {
        using var folder = new SuiteFolder();
        folder.WriteDatasetFiles("d");
        var dataset = SuiteJson.Dataset("d", "source", "exact_match").Replace("d/answers.jsonl", "d/nope.jsonl").Replace("d/images", "d/pics");
        var errors = Errors(folder, SuiteJson.Suite(dataset));
        Assert.Equal(
        [
            $"datasets[0].images: folder not found: {Path.Combine(folder.Root, "d", "pics")}",
            $"datasets[0].answers: file not found: {Path.Combine(folder.Root, "d", "nope.jsonl")}",
        ], errors);
    }

    [Theory]
    [InlineData(", \"max_new_tokens\": 0", "datasets[0].max_new_tokens: must be an integer from 1 to 4096; got 0")]
    [InlineData(", \"max_new_tokens\": 2.5", "datasets[0].max_new_tokens: must be an integer from 1 to 4096; got 2.5")]
    [InlineData(", \"prompt_suffix\": null", "datasets[0].prompt_suffix: must be a string; got null")]
    [InlineData(", \"sample\": 5", "datasets[0].sample: must be an object {\"count\": N, \"seed\": S}; got a number")]
    [InlineData(", \"sample\": { \"count\": 0 }", "datasets[0].sample.count: must be an integer of at least 1; got 0")]
    [InlineData(", \"sample\": { \"seed\": 1 }", "datasets[0].sample.count: required: how many questions to evaluate")]
    [InlineData(", \"sample\": { \"count\": 5, \"seed\": \"x\" }", "datasets[0].sample.seed: must be an integer; got 'x'")]
    [InlineData(", \"training_file\": \"d/train.json\"", "datasets[0].training_file: only a target dataset has a training file")]
    public void Value_errors_name_their_json_path(string extra, string expected) =>
        Assert.Equal([expected], DatasetErrors(extra));

    [Fact]
    public void A_target_needs_a_training_file()
    {
        var errors = DatasetErrors(role: "target", edit: d => d.Replace(", \"training_file\": \"d/train.json\"", ""));
        Assert.Equal(["datasets[0].training_file: required: a target's training data (LLaVA training JSON)"], errors);
    }

    [Fact]
    public void Dataset_names_are_unique()
    {
        using var folder = new SuiteFolder();
        folder.WriteDatasetFiles("d");
        var errors = Errors(folder, SuiteJson.Suite(SuiteJson.Dataset("d", "source", "exact_match"), SuiteJson.Dataset("d", "source", "exact_match")));
        Assert.Equal(["datasets[1].name: duplicate dataset name 'd' (also datasets[0])"], errors);
    }

    [Fact]
    public void Root_level_problems_are_all_reported_together()
    {
        using var folder = new SuiteFolder();
        var errors = Errors(folder, "{ \"name\": \"x\", \"datasets\": [], \"extra\": true }");
        Assert.Equal(
        [
            "extra: unknown field; known fields: name, version, datasets",
            "version: required: a version string that scores are recorded with",
            "datasets: needs at least one dataset",
        ], errors);
    }

    [Fact]
    public void Every_dataset_error_is_collected_not_just_the_first()
    {
        using var folder = new SuiteFolder();
        folder.WriteDatasetFiles("a");
        var errors = Errors(folder, SuiteJson.Suite(
            SuiteJson.Dataset("a", "sauce", "exact_match"),
            "3",
            SuiteJson.Dataset("a", "target", "bleu").Replace(", \"training_file\": \"a/train.json\"", "")));
        Assert.Equal(
        [
            "datasets[0].role: must be one of source, target; got 'sauce'",
            "datasets[1]: must be an object; got a number",
            "datasets[2].metric: must be one of exact_match, vqa_accuracy, cider_d; got 'bleu'",
            "datasets[2].training_file: required: a target's training data (LLaVA training JSON)",
        ], errors);
    }

    [Fact]
    public void Malformed_json_reports_the_line()
    {
        using var folder = new SuiteFolder();
        var path = folder.Write("suite.json", "{\n  \"name\": \"x\",\n  \"version\": \"v1\"\n  \"datasets\": []\n}");
        var error = Assert.Single(EvaluationSuiteFile.Read(path).Errors);
        Assert.Equal(4, error.Line);
        Assert.StartsWith($"{path}:4: invalid JSON:", error.Format(path));
        var thrown = Assert.Throws<SuiteValidationException>(() => EvaluationSuiteFile.Load(path));
        Assert.Contains(":4: invalid JSON", thrown.Message);
    }

    [Fact]
    public void The_root_must_be_an_object()
    {
        using var folder = new SuiteFolder();
        Assert.Equal(["the suite must be a JSON object; got an array"], Errors(folder, "[]"));
    }

    [Fact]
    public void Comments_are_allowed()
    {
        using var folder = new SuiteFolder();
        folder.WriteDatasetFiles("d");
        var path = folder.Write("suite.json", "// the paper's GQA\n" + SuiteJson.Suite(SuiteJson.Dataset("d", "source", "exact_match")));
        Assert.True(EvaluationSuiteFile.Read(path).IsValid);
    }
}
