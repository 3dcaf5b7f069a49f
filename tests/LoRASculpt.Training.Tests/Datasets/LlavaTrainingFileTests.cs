using LoRASculpt.Training.Conversations;
using LoRASculpt.Training.Datasets;

namespace LoRASculpt.Training.Tests.Datasets;

public sealed class LlavaTrainingFileTests
{
    [Fact]
    public void Reads_image_and_text_only_entries_as_llava_does()
    {
        using var folder = new DataFolder();
        var image = folder.Png("images/icon/1.png");
        var path = folder.Write("train.json", """
            [
              { "id": "icon-1", "image": "icon/1.png", "source": "iconqa",
                "conversations": [
                  { "from": "human", "value": "Which shape is next?\n<image>\nA. circle B. square" },
                  { "from": "gpt", "value": "A" },
                  { "from": "human", "value": "Why?" },
                  { "from": "gpt", "value": "It repeats." } ] },
              { "id": 42,
                "conversations": [ { "from": "human", "value": " Say hi " }, { "from": "gpt", "value": "hi" } ] }
            ]
            """);

        var conversations = LlavaTrainingFile.Load(path, Path.Combine(folder.Root, "images"));

        Assert.Equal(2, conversations.Count);
        Assert.Equal("icon-1", conversations[0].Id);
        Assert.Equal(image, conversations[0].ImagePath);
        // preprocess_multimodal: placeholder out, stripped; later turns and text-only entries untouched.
        Assert.Equal([new ConversationTurn("Which shape is next?\n\nA. circle B. square", "A"), new ConversationTurn("Why?", "It repeats.")], conversations[0].Turns);
        Assert.Equal("42", conversations[1].Id);
        Assert.False(conversations[1].HasImage);
        Assert.Equal([new ConversationTurn(" Say hi ", "hi")], conversations[1].Turns);
    }

    public static TheoryData<string, string> BadEntries() => new()
    {
        { """{ "id": "a", "image": "missing.png", "conversations": [ { "from": "human", "value": "<image>\nq" }, { "from": "gpt", "value": "x" } ] }""",
          "entry 1 (id 'a'): image: file not found: {images}/missing.png" },
        { """{ "id": "a", "conversations": [ { "from": "human", "value": "q" }, { "from": "human", "value": "x" } ] }""",
          "entry 1 (id 'a'): conversations[1].from: expected 'gpt' (turns alternate human, gpt, starting with human); got 'human'" },
        { """{ "id": "a", "conversations": [ { "from": "gpt", "value": "q" }, { "from": "gpt", "value": "x" } ] }""",
          "entry 1 (id 'a'): conversations[0].from: expected 'human' (turns alternate human, gpt, starting with human); got 'gpt'" },
        { """{ "id": "a", "conversations": [ { "from": "human", "value": "q" } ] }""",
          "entry 1 (id 'a'): conversations[0]: the last human turn has no gpt answer" },
        { """{ "id": "a", "conversations": [ { "from": "human", "value": "<image>\nq" }, { "from": "gpt", "value": "x" } ] }""",
          "entry 1 (id 'a'): conversations[0].value: has <image> but the entry has no image" },
        { """{ "id": "a", "image": "ok.png", "conversations": [ { "from": "human", "value": "q" }, { "from": "gpt", "value": "x" } ] }""",
          "entry 1 (id 'a'): conversations[0].value: the entry has an image but no <image> placeholder" },
        { """{ "id": "a", "image": "ok.png", "conversations": [ { "from": "human", "value": "<image> q <image>" }, { "from": "gpt", "value": "x" } ] }""",
          "entry 1 (id 'a'): conversations[0].value: <image> appears 2 times; an entry has one image" },
        { """{ "id": "a", "image": "ok.png", "conversations": [ { "from": "human", "value": "<image>q" }, { "from": "gpt", "value": "x" }, { "from": "human", "value": "<image>r" }, { "from": "gpt", "value": "y" } ] }""",
          "entry 1 (id 'a'): conversations[2].value: <image> may only be in the first human turn" },
        { """{ "conversations": [ { "from": "human", "value": "q" }, { "from": "gpt", "value": "x" } ] }""",
          "entry 1: id: required" },
        { """{ "id": [1], "conversations": [ { "from": "human", "value": "q" }, { "from": "gpt", "value": "x" } ] }""",
          "entry 1: id: must be a string or a number; got an array" },
        { """{ "id": "a", "conversations": [] }""",
          "entry 1 (id 'a'): conversations: required: a list of {\"from\", \"value\"} turns; got an empty list" },
        { """{ "id": "a", "conversations": [ { "from": "human", "value": 3 }, { "from": "gpt", "value": "x" } ] }""",
          "entry 1 (id 'a'): conversations[0].value: must be a string" },
        { """{ "id": "a", "image": 7, "conversations": [ { "from": "human", "value": "<image>q" }, { "from": "gpt", "value": "x" } ] }""",
          "entry 1 (id 'a'): image: must be a relative path to one image file; got a number" },
        { "\"just text\"", "entry 1: must be an object; got a string" },
    };

    /// <summary>Entry 0 is always valid, so each error must name entry 1.</summary>
    [Theory]
    [MemberData(nameof(BadEntries))]
    public void Each_problem_names_the_file_entry_id_and_field(string badEntry, string expected)
    {
        using var folder = new DataFolder();
        folder.Png("images/ok.png");
        var images = Path.Combine(folder.Root, "images");
        var path = folder.Write("train.json",
            $$"""[ { "id": "good", "conversations": [ { "from": "human", "value": "q" }, { "from": "gpt", "value": "x" } ] }, {{badEntry}} ]""");

        var error = Assert.Throws<DatasetFileException>(() => LlavaTrainingFile.Load(path, images));

        Assert.Equal(path, error.FilePath);
        Assert.Equal([expected.Replace("{images}", images)], error.Errors);
        Assert.StartsWith(path + ": entry 1", error.Message);
    }

    [Fact]
    public void Every_bad_entry_is_reported_not_just_the_first()
    {
        using var folder = new DataFolder();
        var path = folder.Write("train.json", """
            [ { "id": "a", "conversations": [ { "from": "human", "value": "q" } ] },
              { "id": "b", "conversations": [ { "from": "human", "value": "q" }, { "from": "gpt", "value": "<image>" } ] } ]
            """);
        var error = Assert.Throws<DatasetFileException>(() => LlavaTrainingFile.Load(path, folder.Root));
        Assert.Equal(
        [
            "entry 0 (id 'a'): conversations[0]: the last human turn has no gpt answer",
            "entry 1 (id 'b'): conversations[1].value: has <image> but the entry has no image",
        ], error.Errors);
        Assert.StartsWith($"{path} (2 errors):", error.Message);
    }

    [Fact]
    public void The_file_must_be_a_json_list()
    {
        using var folder = new DataFolder();
        var notList = folder.Write("a.json", "{}");
        Assert.Equal(["must be a JSON list of entries; got an object"], Assert.Throws<DatasetFileException>(() => LlavaTrainingFile.Load(notList, folder.Root)).Errors);
        var broken = folder.Write("b.json", "[\n{ \"id\": \"a\",\n  \"conversations\": [ }\n]");
        Assert.StartsWith("line 3: invalid JSON:", Assert.Single(Assert.Throws<DatasetFileException>(() => LlavaTrainingFile.Load(broken, folder.Root)).Errors));
    }

    [Fact]
    public void A_read_entry_tokenizes_with_the_vicuna_template_supervising_only_answers()
    {
        using var folder = new DataFolder();
        folder.Png("i.png");
        var path = folder.Write("train.json", """[ { "id": "a", "image": "i.png", "conversations": [ { "from": "human", "value": "<image>\nq" }, { "from": "gpt", "value": "x" } ] } ]""");
        var entry = Assert.Single(LlavaTrainingFile.Load(path, folder.Root));
        var tokenizer = new Conversations.CharTokenizer();
        var tokens = ConversationTemplate.VicunaV1.Tokenize(entry.Turns, tokenizer, entry.HasImage);
        Assert.Equal(ConversationTemplate.VicunaV1.Render(entry.Turns, true), ConversationTemplate.VicunaV1.Render([new("q", "x")], true));
        Assert.Equal([32L, 'x', 2], tokens.Labels.Where(l => l != -100));
        Assert.Equal(1, tokens.InputIds.Count(id => id == tokenizer.ImageId));
    }
}
