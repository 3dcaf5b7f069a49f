using LoRASculpt.Core.Suites;

namespace LoRASculpt.Core.Tests.Suites;

public sealed class SuiteVersionHashTests
{
    [Fact]
    public void Changing_an_answers_file_changes_the_hash_and_version_key_and_restoring_it_restores_them()
    {
        using var folder = new SuiteFolder();
        folder.WriteDatasetFiles("gqa");
        var path = folder.Write("s.json", SuiteJson.Suite(SuiteJson.Dataset("gqa", "source", "exact_match")));
        var before = EvaluationSuiteFile.Load(path);
        Assert.Equal(before.ContentHash, EvaluationSuiteFile.Load(path).ContentHash);

        var answers = Path.Combine(folder.Root, "gqa", "answers.jsonl");
        var original = File.ReadAllText(answers);
        File.WriteAllText(answers, "{\"question_id\": 1, \"answers\": [\"no\"]}\n");
        var edited = EvaluationSuiteFile.Load(path);
        Assert.NotEqual(before.ContentHash, edited.ContentHash);
        Assert.NotEqual(before.VersionKey, edited.VersionKey);
        Assert.Equal(before.Version, edited.Version);

        File.WriteAllText(answers, original);
        Assert.Equal(before.VersionKey, EvaluationSuiteFile.Load(path).VersionKey);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("metric")]
    [InlineData("role")]
    [InlineData("prompt_suffix")]
    [InlineData("sample")]
    [InlineData("questions")]
    public void Every_score_deciding_field_changes_the_hash(string changed)
    {
        using var folder = new SuiteFolder();
        folder.WriteDatasetFiles("a");
        folder.WriteDatasetFiles("b");
        File.WriteAllText(Path.Combine(folder.Root, "b", "questions.jsonl"), "{\"question_id\": 2, \"image\": \"a.png\", \"text\": \"Who?\"}\n");
        var baseline = folder.Write("base.json", SuiteJson.Suite(SuiteJson.Dataset("a", "target", "exact_match")));
        var variant = changed switch
        {
            "name" => SuiteJson.Dataset("renamed", "target", "exact_match").Replace("\"renamed/", "\"a/"),
            "metric" => SuiteJson.Dataset("a", "target", "vqa_accuracy"),
            "role" => SuiteJson.Dataset("a", "source", "exact_match"),
            "prompt_suffix" => SuiteJson.Dataset("a", "target", "exact_match", ", \"prompt_suffix\": \"!\""),
            "sample" => SuiteJson.Dataset("a", "target", "exact_match", ", \"sample\": { \"count\": 1 }"),
            "questions" => SuiteJson.Dataset("a", "target", "exact_match").Replace("\"a/questions.jsonl\"", "\"b/questions.jsonl\""),
            _ => throw new ArgumentOutOfRangeException(nameof(changed)),
        };
        var other = folder.Write("other.json", SuiteJson.Suite(variant));
        Assert.NotEqual(EvaluationSuiteFile.Load(baseline).ContentHash, EvaluationSuiteFile.Load(other).ContentHash);
    }

    [Fact]
    public void The_suites_own_name_does_not_change_the_hash()
    {
        using var folder = new SuiteFolder();
        folder.WriteDatasetFiles("a");
        var text = SuiteJson.Suite(SuiteJson.Dataset("a", "source", "exact_match"));
        var first = folder.Write("one.json", text);
        var second = folder.Write("two.json", text.Replace("\"test-suite\"", "\"another-name\""));
        Assert.Equal(EvaluationSuiteFile.Load(first).ContentHash, EvaluationSuiteFile.Load(second).ContentHash);
    }
}
