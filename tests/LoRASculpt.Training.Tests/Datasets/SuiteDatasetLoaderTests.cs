using LoRASculpt.Core.Suites;
using LoRASculpt.Training.Conversations;
using LoRASculpt.Training.Datasets;
using LoRASculpt.Training.Tests.Conversations;

namespace LoRASculpt.Training.Tests.Datasets;

public sealed class SuiteDatasetLoaderTests
{
    private const string Suffix = "\nAnswer the question using a single word or phrase.";

    /// <summary>A two-dataset suite on disk: a VQA source with 5 questions over 3 PNGs, and an IconQA-like target with training data.</summary>
    private static string WriteSuite(DataFolder folder, string sourceExtra = "")
    {
        foreach (var name in new[] { "a.png", "b.png", "sub/c.png" })
            folder.Png($"vqa/images/{name}");
        folder.Write("vqa/questions.jsonl", string.Join("\n",
            """{"question_id": 10, "image": "a.png", "text": "What colour?"}""",
            """{"question_id": 11, "image": "b.png", "text": "How many?\nAnswer the question using a single word or phrase."}""",
            """{"question_id": 12, "image": "sub/c.png", "text": "Which side?"}""",
            """{"question_id": 13, "image": "a.png", "text": "Is it big?"}""",
            """{"question_id": 14, "image": "b.png", "text": "What shape?"}"""));
        folder.Write("vqa/answers.jsonl", string.Join("\n",
            """{"question_id": 10, "answers": ["red", "red", "dark red"]}""",
            """{"question_id": 11, "answers": ["2"]}""",
            """{"question_id": 12, "answer": "left"}""",
            """{"question_id": 13, "answer": "no"}""",
            """{"question_id": 14, "answer": "circle"}"""));
        folder.Png("icon/test/1.png");
        folder.Png("icon/train/7.png");
        folder.Write("icon/questions.jsonl", """{"question_id": "q1", "image": "1.png", "text": "Which is next?\nA. circle\nB. square\nAnswer with the option's letter from the given choices directly."}""");
        folder.Write("icon/answers.json", """{ "q1": "A" }""");
        folder.Write("icon/train.json", """[ { "id": "t7", "image": "7.png", "conversations": [ { "from": "human", "value": "<image>\nWhich is next?" }, { "from": "gpt", "value": "B" } ] } ]""");
        return folder.Write("suites/mini.json", $$"""
            {
              "name": "mini", "version": "1",
              "datasets": [
                { "name": "vqa", "role": "source", "metric": "vqa_accuracy", "questions": "../vqa/questions.jsonl", "images": "../vqa/images",
                  "answers": "../vqa/answers.jsonl", "prompt_suffix": "{{Suffix.Replace("\n", "\\n")}}", "max_new_tokens": 10 {{sourceExtra}} },
                { "name": "icon", "role": "target", "metric": "exact_match", "questions": "../icon/questions.jsonl", "images": "../icon/test",
                  "answers": "../icon/answers.json", "training_file": "../icon/train.json", "training_images": "../icon/train" }
              ]
            }
            """);
    }

    [Fact]
    public void A_small_suite_with_png_images_loads_end_to_end()
    {
        using var folder = new DataFolder();
        var suite = EvaluationSuiteFile.Load(WriteSuite(folder));

        var vqa = SuiteDatasetLoader.LoadEvaluation(suite.Get("vqa"));
        Assert.Equal(["10", "11", "12", "13", "14"], vqa.Select(i => i.Id));
        Assert.Equal("What colour?" + Suffix, vqa[0].Question);
        Assert.Equal("How many?" + Suffix, vqa[1].Question);
        Assert.Equal(Path.Combine(folder.Root, "vqa", "images", "sub", "c.png"), vqa[2].ImagePath);
        Assert.Equal(["red", "red", "dark red"], vqa[0].References);
        Assert.All(vqa, i => Assert.Equal(DataFolder.OnePixelPng, File.ReadAllBytes(i.ImagePath!)));

        var icon = Assert.Single(SuiteDatasetLoader.LoadEvaluation(suite.Get("icon")));
        Assert.Equal(["A"], icon.References);
        Assert.Equal(Path.Combine(folder.Root, "icon", "test", "1.png"), icon.ImagePath);

        var training = Assert.Single(SuiteDatasetLoader.LoadTraining(suite.Get("icon")));
        Assert.Equal(Path.Combine(folder.Root, "icon", "train", "7.png"), training.ImagePath);
        Assert.Equal([new ConversationTurn("Which is next?", "B")], training.Turns);

        var tokenizer = new CharTokenizer();
        var prompt = ConversationTemplate.VicunaV1.PromptIds(vqa[0].Question, tokenizer, vqa[0].HasImage);
        Assert.Equal(LlavaPreprocessV1.TokenizerImageToken(ConversationTemplate.VicunaV1.RenderPrompt("What colour?" + Suffix, true), tokenizer), prompt);
    }

    [Fact]
    public void Subsets_and_shards_are_deterministic_slices_in_file_order()
    {
        using var folder = new DataFolder();
        var vqa = EvaluationSuiteFile.Load(WriteSuite(folder)).Get("vqa");

        Assert.Equal(["10", "11", "12"], SuiteDatasetLoader.LoadEvaluation(vqa, EvalSubset.First(3)).Select(i => i.Id));
        // Core.Tests/Suites/tools/eval_subset_expected.py: seed 0 keeps ids 10, 12, 14 of the five.
        var sample = SuiteDatasetLoader.LoadEvaluation(vqa, EvalSubset.Sampled(3, 0)).Select(i => i.Id).ToArray();
        Assert.Equal(["10", "12", "14"], sample);

        // ShardAssignment over the 5 items: [0,1) [1,3) [3,5).
        var shards = Enumerable.Range(0, 3).Select(s => SuiteDatasetLoader.LoadEvaluation(vqa, null, s, 3).Select(i => i.Id).ToArray()).ToArray();
        Assert.Equal(["10"], shards[0]);
        Assert.Equal(["11", "12"], shards[1]);
        Assert.Equal(["13", "14"], shards[2]);
        // Shards slice the subset: shard 1 of 2 over the 3 sampled items is [1, 3).
        Assert.Equal(["12", "14"], SuiteDatasetLoader.LoadEvaluation(vqa, EvalSubset.Sampled(3, 0), 1, 2).Select(i => i.Id));
    }

    [Fact]
    public void The_suites_own_sample_applies_unless_overridden()
    {
        using var folder = new DataFolder();
        var vqa = EvaluationSuiteFile.Load(WriteSuite(folder, ", \"sample\": { \"count\": 2 }")).Get("vqa");
        Assert.Equal(["10", "11"], SuiteDatasetLoader.LoadEvaluation(vqa).Select(i => i.Id));
        Assert.Equal(5, SuiteDatasetLoader.LoadEvaluation(vqa, EvalSubset.First(100)).Count);
    }

    [Fact]
    public void Missing_answers_and_images_are_reported_by_question_line()
    {
        using var folder = new DataFolder();
        var vqa = EvaluationSuiteFile.Load(WriteSuite(folder)).Get("vqa");
        File.WriteAllText(vqa.Files!.Answers, """{"question_id": 10, "answers": ["red"]}""");
        File.Delete(Path.Combine(vqa.Files.Images, "sub", "c.png"));

        var error = Assert.Throws<DatasetFileException>(() => SuiteDatasetLoader.LoadEvaluation(vqa));

        Assert.Equal(vqa.Files.Questions, error.FilePath);
        Assert.Equal(
        [
            $"line 2: question_id '11' has no answer in {vqa.Files.Answers}",
            $"line 3: question_id '12' has no answer in {vqa.Files.Answers}",
            $"line 3: image not found: {Path.Combine(vqa.Files.Images, "sub", "c.png")}",
            $"line 4: question_id '13' has no answer in {vqa.Files.Answers}",
            $"line 5: question_id '14' has no answer in {vqa.Files.Answers}",
        ], error.Errors);
        // Only the selected items need answers and images.
        Assert.Single(SuiteDatasetLoader.LoadEvaluation(vqa, EvalSubset.First(1)));
    }

    [Fact]
    public void Built_in_datasets_and_sources_have_nothing_to_load_from_files()
    {
        using var folder = new DataFolder();
        var suite = EvaluationSuiteFile.Load(WriteSuite(folder));
        Assert.Throws<InvalidOperationException>(() => SuiteDatasetLoader.LoadTraining(suite.Get("vqa")));
        Assert.Throws<InvalidOperationException>(() => SuiteDatasetLoader.LoadEvaluation(EvaluationSuites.Builtin.Get("shape-vqa")));
    }
}
